//! `zwlint.toml`: discovery, `extends` layering, strict decoding and the
//! effective [`Settings`] for a checked file.
//!
//! A configuration is found in the nearest ancestor folder of each checked
//! file (`zwlint.toml`, else `.zwlint.toml`); `--config FILE` and
//! `--isolated` override discovery. `extends = "base.toml"` (relative to the
//! file that says it) loads a base first; later layers override earlier
//! ones; cycles are an error. Unknown keys, wrong types and bad values are
//! errors naming `file:line:col`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{Relation, Severity};
use crate::document::ItemType;
use crate::rules::{compile_user, Lists, RuleError, RuleSet};

pub const CONFIG_NAMES: [&str; 2] = ["zwlint.toml", ".zwlint.toml"];

/// The "file" of errors in command-line options.
pub const COMMAND_LINE: &str = "<命令行>";

/// Per-rule parameters a configuration may override (`[rule."id"]`).
pub const RULE_PARAMS: &[&str] = &[
    "max",
    "min",
    "max_by_type",
    "min_by_type",
    "max_days",
    "max_days_by_type",
    "max_minutes",
    "threshold",
    "min_chars",
    "min_a",
    "max_b",
    "near",
    "exempt",
    "exceptions",
    "types",
];

/// An error in a configuration file, at `file:line:col`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: PathBuf,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file.display(), self.line, self.col, self.message)
    }
}

impl std::error::Error for ConfigError {}

impl From<RuleError> for ConfigError {
    fn from(e: RuleError) -> ConfigError {
        ConfigError {
            file: PathBuf::from(e.file),
            line: e.line,
            col: e.col,
            message: e.message,
        }
    }
}

/// Lowest severity that fails a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    #[default]
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            FailOn::Error => "error",
            FailOn::Warning => "warning",
            FailOn::Info => "info",
            FailOn::Never => "never",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawDuplicates {
    enabled: Option<bool>,
    threshold: Option<Spanned<f64>>,
}

/// A `[rule."id"]` table: each key and value with its position.
type RawParams = BTreeMap<Spanned<String>, Spanned<toml::Value>>;

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    extends: Option<Spanned<String>>,
    select: Option<Vec<Spanned<String>>>,
    extend_select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    fail_on: Option<FailOn>,
    max_warnings: Option<usize>,
    item_type: Option<Spanned<String>>,
    report_date: Option<Spanned<String>>,
    rules: Option<Vec<Spanned<String>>>,
    dictionaries: Option<Vec<Spanned<String>>>,
    exclude: Option<Vec<String>>,
    severity: Option<BTreeMap<String, Spanned<Severity>>>,
    rule: Option<BTreeMap<String, Spanned<RawParams>>>,
    per_file_ignores: Option<BTreeMap<String, Vec<Spanned<String>>>>,
    duplicates: Option<RawDuplicates>,
}

/// Where a setting came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: PathBuf,
    pub line: usize,
    pub col: usize,
}

impl Origin {
    fn error(&self, message: impl Into<String>) -> ConfigError {
        ConfigError {
            file: self.file.clone(),
            line: self.line,
            col: self.col,
            message: message.into(),
        }
    }
}

/// A rule or relation selector (`substance`, `format.halfwidth-punctuation`,
/// `ALL`) with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    pub text: String,
    pub origin: Option<Origin>,
}

impl Selector {
    pub fn cli(text: &str) -> Selector {
        Selector { text: text.to_string(), origin: None }
    }

    pub fn matches(&self, id: &str, relation: Relation) -> bool {
        self.text == "ALL" || self.text == id || self.text == relation.key()
    }
}

/// Near-duplicate detection across a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct DuplicateSettings {
    pub enabled: bool,
    /// Estimated Jaccard similarity of the bodies' character shingles.
    pub threshold: f64,
}

impl Default for DuplicateSettings {
    fn default() -> Self {
        DuplicateSettings { enabled: true, threshold: 0.7 }
    }
}

/// The effective configuration for a file: all layers applied in order,
/// then the command-line flags.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Configuration files, base first.
    pub files: Vec<PathBuf>,
    pub select: Option<Vec<Selector>>,
    pub extend_select: Vec<Selector>,
    pub ignore: Vec<Selector>,
    pub severity: BTreeMap<String, (Severity, Origin)>,
    /// Per rule: the parameters, where the table was written, and where
    /// each value was written.
    pub rule_params: BTreeMap<String, (toml::Table, Origin, BTreeMap<String, Origin>)>,
    pub fail_on: Option<FailOn>,
    pub max_warnings: Option<usize>,
    pub item_type: Option<ItemType>,
    pub report_date: Option<NaiveDate>,
    pub rule_dirs: Vec<PathBuf>,
    pub dictionaries: Vec<PathBuf>,
    pub exclude: Vec<String>,
    /// (glob, folder it is relative to, selectors).
    pub per_file_ignores: Vec<(String, PathBuf, Vec<Selector>)>,
    pub duplicates: DuplicateSettings,
}

fn line_col(src: &str, off: usize) -> (usize, usize) {
    let off = off.min(src.len());
    let before = &src[..off];
    (before.matches('\n').count() + 1, before.rsplit('\n').next().unwrap_or("").chars().count() + 1)
}

struct Layer {
    path: PathBuf,
    text: String,
    raw: RawConfig,
}

impl Layer {
    fn origin(&self, off: usize) -> Origin {
        let (line, col) = line_col(&self.text, off);
        Origin { file: self.path.clone(), line, col }
    }

    fn dir(&self) -> PathBuf {
        self.path.parent().map(Path::to_path_buf).unwrap_or_default()
    }
}

fn read_layer(path: &Path) -> Result<Layer, ConfigError> {
    let text = crate::input::read_regular_to_string(path).map_err(|e| ConfigError {
        file: path.to_path_buf(),
        line: 1,
        col: 1,
        message: format!("无法读取配置文件：{e}"),
    })?;
    let raw: RawConfig = toml::from_str(&text).map_err(|e| {
        let (line, col) = line_col(&text, e.span().map_or(0, |s| s.start));
        ConfigError {
            file: path.to_path_buf(),
            line,
            col,
            message: crate::rules::localize_toml_error(e.message()),
        }
    })?;
    Ok(Layer { path: path.to_path_buf(), text, raw })
}

/// Load `path` and everything it extends, base first.
fn load_chain(path: &Path) -> Result<Vec<Layer>, ConfigError> {
    let mut chain = Vec::new();
    let mut seen: Vec<PathBuf> = Vec::new();
    let mut next = Some(path.to_path_buf());
    while let Some(p) = next.take() {
        let canon = std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
        if seen.contains(&canon) {
            let last: &Layer = chain.last().expect("a cycle needs a previous layer");
            let off = last.raw.extends.as_ref().map_or(0, |e| e.span().start);
            return Err(last.origin(off).error(format!("extends 形成循环（cycle）：{}", p.display())));
        }
        seen.push(canon);
        let layer = read_layer(&p)?;
        if let Some(ext) = &layer.raw.extends {
            let target = layer.dir().join(ext.get_ref());
            if !target.is_file() {
                return Err(layer
                    .origin(ext.span().start)
                    .error(format!("extends 指向的文件不存在：{}", target.display())));
            }
            next = Some(target);
        }
        chain.push(layer);
    }
    chain.reverse();
    Ok(chain)
}

/// The configuration file for `target` (a file or folder): the nearest
/// ancestor folder holding `zwlint.toml` or `.zwlint.toml`.
pub fn discover(target: &Path) -> Option<PathBuf> {
    let abs = if target.is_absolute() {
        target.to_path_buf()
    } else {
        // `a/./b` → `a/b`, so that the file is named plainly in messages.
        std::env::current_dir().ok()?.join(target).components().collect()
    };
    let start = if abs.is_dir() { abs.as_path() } else { abs.parent()? };
    for dir in start.ancestors() {
        for name in CONFIG_NAMES {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

fn selectors(layer: &Layer, v: &[Spanned<String>]) -> Vec<Selector> {
    v.iter()
        .map(|s| Selector {
            text: s.get_ref().clone(),
            origin: Some(layer.origin(s.span().start)),
        })
        .collect()
}

/// Read a configuration file and what it extends into settings.
pub fn load(path: &Path) -> Result<Settings, ConfigError> {
    let chain = load_chain(path)?;
    let mut s = Settings::default();
    for layer in &chain {
        apply(&mut s, layer)?;
    }
    Ok(s)
}

fn apply(s: &mut Settings, layer: &Layer) -> Result<(), ConfigError> {
    let r = &layer.raw;
    s.files.push(layer.path.clone());
    if let Some(v) = &r.select {
        s.select = Some(selectors(layer, v));
        s.extend_select.clear();
    }
    if let Some(v) = &r.extend_select {
        s.extend_select.extend(selectors(layer, v));
    }
    if let Some(v) = &r.ignore {
        s.ignore.extend(selectors(layer, v));
    }
    if let Some(f) = r.fail_on {
        s.fail_on = Some(f);
    }
    if let Some(m) = r.max_warnings {
        s.max_warnings = Some(m);
    }
    if let Some(t) = &r.item_type {
        s.item_type = Some(ItemType::parse(t.get_ref()).ok_or_else(|| {
            layer
                .origin(t.span().start)
                .error(format!("未知信息类别 “{}”（动态/综合/经验/问题建议/紧急）", t.get_ref()))
        })?);
    }
    if let Some(d) = &r.report_date {
        s.report_date =
            Some(NaiveDate::parse_from_str(d.get_ref(), "%Y-%m-%d").map_err(|_| {
                layer.origin(d.span().start).error(format!("报送日期 “{}” 应为 YYYY-MM-DD", d.get_ref()))
            })?);
    }
    for d in r.rules.iter().flatten() {
        let p = layer.dir().join(d.get_ref());
        if !p.is_dir() {
            return Err(layer.origin(d.span().start).error(format!("规则目录不存在：{}", p.display())));
        }
        s.rule_dirs.push(p);
    }
    for d in r.dictionaries.iter().flatten() {
        let p = layer.dir().join(d.get_ref());
        if !p.is_file() {
            return Err(layer.origin(d.span().start).error(format!("词典文件不存在：{}", p.display())));
        }
        s.dictionaries.push(p);
    }
    s.exclude.extend(r.exclude.iter().flatten().cloned());
    for (k, v) in r.severity.iter().flatten() {
        s.severity.insert(k.clone(), (*v.get_ref(), layer.origin(v.span().start)));
    }
    for (k, v) in r.rule.iter().flatten() {
        let origin = layer.origin(v.span().start);
        for key in v.get_ref().keys() {
            if !RULE_PARAMS.contains(&key.get_ref().as_str()) {
                let (at, key) = (key.span().start, key.get_ref());
                return Err(layer.origin(at).error(format!(
                    "[rule.\"{k}\"] 中的键 “{key}” 不能在配置中修改；可修改：{}",
                    RULE_PARAMS.join(", ")
                )));
            }
        }
        let entry = s
            .rule_params
            .entry(k.clone())
            .or_insert_with(|| (toml::Table::new(), origin.clone(), BTreeMap::new()));
        for (pk, pv) in v.get_ref() {
            entry.0.insert(pk.get_ref().clone(), pv.get_ref().clone());
            entry.2.insert(pk.get_ref().clone(), layer.origin(pv.span().start));
        }
        entry.1 = origin;
    }
    for (glob, sels) in r.per_file_ignores.iter().flatten() {
        if let Err(e) = globset::Glob::new(glob) {
            let off = layer.text.find(glob.as_str()).unwrap_or(0);
            return Err(layer.origin(off).error(format!("per-file-ignores 的模式无效：{e}")));
        }
        s.per_file_ignores.push((glob.clone(), layer.dir(), selectors(layer, sels)));
    }
    if let Some(d) = &r.duplicates {
        if let Some(e) = d.enabled {
            s.duplicates.enabled = e;
        }
        if let Some(t) = &d.threshold {
            let v = *t.get_ref();
            if !(0.0..=1.0).contains(&v) {
                return Err(layer.origin(t.span().start).error("duplicates.threshold 应在 0 到 1 之间"));
            }
            s.duplicates.threshold = v;
        }
    }
    Ok(())
}

impl Settings {
    /// Check every selector names `ALL`, a relation or an existing rule.
    pub fn validate_selectors(&self, rules: &RuleSet) -> Result<(), ConfigError> {
        let all = self
            .select
            .iter()
            .flatten()
            .chain(&self.extend_select)
            .chain(&self.ignore)
            .chain(self.per_file_ignores.iter().flat_map(|p| p.2.iter()));
        for sel in all {
            let ok = sel.text == "ALL" || Relation::parse(&sel.text).is_some() || rules.get(&sel.text).is_some();
            if !ok {
                let msg = format!("“{}” 既不是关系键也不是规则 id（用 zwlint rules 查看）", sel.text);
                return Err(match &sel.origin {
                    Some(o) => o.error(msg),
                    None => ConfigError {
                        file: PathBuf::from(COMMAND_LINE),
                        line: 1,
                        col: 1,
                        message: msg,
                    },
                });
            }
        }
        for (k, (_, o)) in &self.severity {
            if Relation::parse(k).is_none() && rules.get(k).is_none() {
                return Err(o.error(format!("[severity] 中的 “{k}” 既不是关系键也不是规则 id")));
            }
        }
        Ok(())
    }

    /// Whether a rule runs under these settings.
    pub fn enabled(&self, id: &str, relation: Relation) -> bool {
        let selected = match &self.select {
            None => true,
            Some(sel) => sel.iter().any(|s| s.matches(id, relation)),
        } || self.extend_select.iter().any(|s| s.matches(id, relation));
        selected && !self.ignore.iter().any(|s| s.matches(id, relation))
    }

    /// Build the rule set these settings describe: embedded rules, extra
    /// folders, selection, severity overrides and parameter overrides.
    pub fn build_rules(&self, extra_dirs: &[PathBuf]) -> Result<RuleSet, ConfigError> {
        let lists = Lists::embedded();
        let mut all = RuleSet::embedded()?;
        for d in self.rule_dirs.iter().chain(extra_dirs) {
            all.load_dir(d, &lists)?;
        }
        self.validate_selectors(&all)?;
        for id in self.rule_params.keys() {
            if all.get(id).is_none() {
                let o = &self.rule_params[id].1;
                return Err(o.error(format!("[rule.\"{id}\"]：没有这条规则")));
            }
        }
        let mut out = RuleSet::default();
        for rule in all.rules {
            if !self.enabled(&rule.id, rule.relation) {
                continue;
            }
            let mut rule = match self.rule_params.get(&rule.id) {
                None => rule,
                Some((params, origin, at)) => {
                    let base: toml::Table = toml::from_str(&rule.text).map_err(|e| origin.error(e.to_string()))?;
                    let with = |params: &mut dyn Iterator<Item = (&String, &toml::Value)>| {
                        let mut table = base.clone();
                        for (k, v) in params {
                            table.insert(k.clone(), v.clone());
                        }
                        let text = toml::to_string(&table).map_err(|e| e.to_string())?;
                        compile_user(&rule.file, &text, &lists).map_err(|e| e.message)
                    };
                    match with(&mut params.iter()) {
                        Ok(r) => r,
                        Err(message) => {
                            // Point at the value at fault: the first that
                            // is wrong on its own (a wrong type, a bad
                            // value), else the table (values wrong only
                            // together).
                            let (o, message) = params
                                .iter()
                                .find_map(|(k, v)| with(&mut std::iter::once((k, v))).err().map(|m| (&at[k], m)))
                                .unwrap_or((origin, message));
                            return Err(o.error(format!("[rule.\"{}\"] 的参数无效：{message}", rule.id)));
                        }
                    }
                }
            };
            let sev = self.severity.get(&rule.id).or_else(|| self.severity.get(rule.relation.key()));
            if let Some((s, _)) = sev {
                rule.severity = *s;
            }
            out.rules.push(rule);
        }
        Ok(out)
    }

    /// Selectors from `per-file-ignores` that apply to `path`.
    pub fn ignored_for(&self, path: &Path) -> Vec<&Selector> {
        let abs = if path.is_absolute() {
            path.to_path_buf()
        } else {
            std::env::current_dir().map(|d| d.join(path)).unwrap_or_else(|_| path.to_path_buf())
        };
        let mut out = Vec::new();
        for (glob, base, sels) in &self.per_file_ignores {
            let Ok(g) = globset::GlobBuilder::new(glob).literal_separator(false).build() else {
                continue;
            };
            let m = g.compile_matcher();
            let rel = abs.strip_prefix(base).unwrap_or(&abs);
            let name = path.file_name().map(Path::new);
            if m.is_match(rel) || m.is_match(path) || name.is_some_and(|n| m.is_match(n)) {
                out.extend(sels.iter());
            }
        }
        out
    }
}

/// The commented `zwlint.toml` that `zwlint init` writes: every key with
/// its default, and every rule's parameters with their current values.
pub fn init_template(rules: &RuleSet) -> String {
    use std::fmt::Write;
    let mut out = String::from(
        "# zwlint 配置文件。放在要检查的文件夹（或其上级）中；离被检查文件最近的 zwlint.toml 生效。\n\
         # 所有键都可省略，下面注释掉的值就是默认值。\n\n\
         # 继承上级配置（省→市→单位）：相对本文件的路径；本文件的设置覆盖被继承的设置。\n\
         # extends = \"../zwlint.toml\"\n\n\
         # 启用的规则：关系键（substance）、规则 id（format.halfwidth-punctuation）或 \"ALL\"。\n\
         # select = [\"ALL\"]\n\
         # extend-select = []\n\
         # ignore = []\n\n\
         # 退出码为 1 的最低级别：error | warning | info | never\n\
         # fail-on = \"error\"\n\
         # 警告超过此数时退出码为 1（不设则不限）\n\
         # max-warnings = 20\n\n\
         # 默认信息类别（动态、综合、经验、问题建议、紧急）；不设则按正文推断。\n\
         # item-type = \"动态\"\n\
         # 默认报送日期；不设则取落款的报送日期，再不然取当天。\n\
         # report-date = \"2026-11-20\"\n\n\
         # 额外的规则目录和 jieba 用户词典（相对本文件）。\n\
         # rules = [\"my-rules\"]\n\
         # dictionaries = [\"my-words.dict\"]\n\
         # 遍历文件夹时跳过的文件（gitignore 语法的 glob）。\n\
         # exclude = [\"草稿箱/**\"]\n\n\
         # 纯文本稿件不能写注释，按文件关闭规则（glob 相对本文件所在文件夹）：\n\
         # [per-file-ignores]\n\
         # \"约稿/*.txt\" = [\"length\", \"timeliness.stale-event\"]\n\n\
         # 批量检查时的重复报送检测（正文字符片段的相似度 0～1）。\n\
         # [duplicates]\n\
         # enabled = true\n\
         # threshold = 0.7\n\n\
         # 按规则或关系改级别：\n\
         # [severity]\n\
         # \"substance\" = \"info\"\n\n\
         # 各规则的参数（各地标准不同的阈值），下面是当前默认值：\n",
    );
    for rule in &rules.rules {
        let Ok(table) = toml::from_str::<toml::Table>(&rule.text) else {
            continue;
        };
        let params: Vec<(&String, &toml::Value)> =
            table.iter().filter(|(k, _)| RULE_PARAMS.contains(&k.as_str())).collect();
        if params.is_empty() {
            continue;
        }
        writeln!(out, "\n# {}（{}）", rule.summary(), rule.relation.zh()).unwrap();
        writeln!(out, "# [rule.\"{}\"]", rule.id).unwrap();
        for (k, v) in params {
            writeln!(out, "# {k} = {v}").unwrap();
        }
    }
    out
}

/// `zwlint config`: the effective configuration, as TOML-like text.
pub fn describe(s: &Settings, rules: &RuleSet) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    if s.files.is_empty() {
        writeln!(out, "# 没有配置文件，使用默认设置").unwrap();
    } else {
        writeln!(out, "# 配置文件（先基础，后覆盖）：").unwrap();
        for f in &s.files {
            writeln!(out, "#   {}", f.display()).unwrap();
        }
    }
    let sel = |v: &[Selector]| v.iter().map(|s| format!("{:?}", s.text)).collect::<Vec<_>>().join(", ");
    match &s.select {
        Some(v) => writeln!(out, "select = [{}]", sel(v)).unwrap(),
        None => writeln!(out, "select = [\"ALL\"]").unwrap(),
    }
    writeln!(out, "extend-select = [{}]", sel(&s.extend_select)).unwrap();
    writeln!(out, "ignore = [{}]", sel(&s.ignore)).unwrap();
    writeln!(out, "fail-on = \"{}\"", s.fail_on.unwrap_or_default().key()).unwrap();
    match s.max_warnings {
        Some(m) => writeln!(out, "max-warnings = {m}").unwrap(),
        None => writeln!(out, "# max-warnings: 不限").unwrap(),
    }
    match s.item_type {
        Some(t) => writeln!(out, "item-type = \"{}\"", t.name()).unwrap(),
        None => writeln!(out, "# item-type: 按正文推断").unwrap(),
    }
    match s.report_date {
        Some(d) => writeln!(out, "report-date = \"{d}\"").unwrap(),
        None => writeln!(out, "# report-date: 落款报送日期，否则当天").unwrap(),
    }
    let paths =
        |v: &[PathBuf]| v.iter().map(|p| format!("{:?}", p.display().to_string())).collect::<Vec<_>>().join(", ");
    writeln!(out, "rules = [{}]", paths(&s.rule_dirs)).unwrap();
    writeln!(out, "dictionaries = [{}]", paths(&s.dictionaries)).unwrap();
    writeln!(out, "exclude = [{}]", s.exclude.iter().map(|e| format!("{e:?}")).collect::<Vec<_>>().join(", ")).unwrap();
    writeln!(out, "\n[duplicates]\nenabled = {}\nthreshold = {}", s.duplicates.enabled, s.duplicates.threshold)
        .unwrap();
    if !s.per_file_ignores.is_empty() {
        writeln!(out, "\n[per-file-ignores]").unwrap();
        for (g, base, sels) in &s.per_file_ignores {
            writeln!(out, "{g:?} = [{}]  # 相对 {}", sel(sels), base.display()).unwrap();
        }
    }
    writeln!(out, "\n# 启用的规则（{} 条）及其级别和参数：", rules.rules.len()).unwrap();
    for r in &rules.rules {
        writeln!(out, "[rule.\"{}\"]  # {} {}", r.id, r.relation.zh(), r.severity.key()).unwrap();
        if let Ok(t) = toml::from_str::<toml::Table>(&r.text) {
            for (k, v) in t.iter().filter(|(k, _)| RULE_PARAMS.contains(&k.as_str())) {
                writeln!(out, "{k} = {v}").unwrap();
            }
        }
    }
    out
}
