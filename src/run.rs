//! A batch run: expand paths, resolve each file's configuration, check files
//! in parallel (one shared segmenter and rule set per configuration), add
//! cross-item findings in path order, and stream every file through one
//! reporter. Output is identical whatever the number of threads.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::check::{check_files, score, sort_diagnostics, CheckOptions, FileReport};
use crate::config::{self, ConfigError, DuplicateSettings, FailOn, Selector, Settings};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::ItemType;
use crate::duplicates::{Index, Signature};
use crate::input::{self, Input, InputError};
use crate::report::{display_path, DuplicatePair, Outcome, Reporter, Summary};
use crate::rules::{interpolate_vars, RuleSet, CUT_CHARACTER_RULE, DUPLICATE_RULE};
use crate::segment::Segmenter;
use crate::suppress;

/// How to order the files of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    #[default]
    Path,
    /// Lowest score first (editors' triage).
    Score,
}

/// Command-line settings; they override every configuration file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    pub fail_on: Option<FailOn>,
    pub max_warnings: Option<usize>,
    pub item_type: Option<ItemType>,
    pub report_date: Option<NaiveDate>,
    pub rule_dirs: Vec<PathBuf>,
    pub exclude: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub paths: Vec<PathBuf>,
    /// `--config FILE`: one configuration for every file.
    pub config: Option<PathBuf>,
    /// `--isolated`: no configuration files at all.
    pub isolated: bool,
    pub overrides: Overrides,
    /// Walk hidden files and folders too.
    pub hidden: bool,
    /// Near-duplicate detection across the batch (`--no-cross` turns it off).
    pub cross: bool,
    pub sort: SortBy,
    /// Worker threads (0 = one per core).
    pub threads: usize,
    /// Date used when neither option, config nor footer gives one.
    pub today: Option<NaiveDate>,
    /// `--output FILE`: refused when it is one of the inputs.
    pub output: Option<PathBuf>,
}

/// What a run found, for the exit status.
#[derive(Debug, Clone, Default)]
pub struct RunResult {
    pub summary: Summary,
    /// Some file could not be read or decoded.
    pub input_errors: bool,
    /// Findings at or above the fail level, or more warnings than allowed.
    pub failing: bool,
}

impl RunResult {
    /// 0 clean, 1 findings at or above the fail level, 2 input errors.
    pub fn exit_code(&self) -> u8 {
        if self.input_errors {
            2
        } else if self.failing {
            1
        } else {
            0
        }
    }
}

/// A resolved configuration: settings (with the overrides applied), the
/// rules they select and the segmenter they use.
pub struct Prepared {
    pub settings: Settings,
    pub rules: RuleSet,
    pub segmenter: Arc<Segmenter>,
}

/// Configurations, rule sets and segmenters, each built once per run.
#[derive(Default)]
pub struct Preparer {
    overrides: Overrides,
    /// Failures are kept too: a broken configuration is read once however
    /// many files it governs.
    by_config: HashMap<Option<PathBuf>, Result<Arc<Prepared>, ConfigError>>,
    segmenters: HashMap<Vec<PathBuf>, Arc<Segmenter>>,
}

impl Preparer {
    pub fn new(overrides: Overrides) -> Preparer {
        Preparer { overrides, ..Default::default() }
    }

    /// The prepared configuration of a configuration file (`None`: defaults).
    pub fn get(&mut self, config: Option<&Path>) -> Result<Arc<Prepared>, ConfigError> {
        let key = config.map(Path::to_path_buf);
        if let Some(p) = self.by_config.get(&key) {
            return p.clone();
        }
        let p = self.prepare(config);
        self.by_config.insert(key, p.clone());
        p
    }

    /// Whether an error lies in the command line (a selector, a `--rules`
    /// folder) rather than in a configuration file: it concerns every file.
    pub fn from_command_line(&self, e: &ConfigError) -> bool {
        e.file.as_os_str() == config::COMMAND_LINE || self.overrides.rule_dirs.iter().any(|d| e.file.starts_with(d))
    }

    fn prepare(&mut self, config: Option<&Path>) -> Result<Arc<Prepared>, ConfigError> {
        let mut settings = match config {
            Some(c) => config::load(c)?,
            None => Settings::default(),
        };
        let o = &self.overrides;
        if let Some(sel) = &o.select {
            settings.select = Some(sel.iter().map(|s| Selector::cli(s)).collect());
            settings.extend_select.clear();
        }
        settings.extend_select.extend(o.extend_select.iter().map(|s| Selector::cli(s)));
        settings.ignore.extend(o.ignore.iter().map(|s| Selector::cli(s)));
        settings.fail_on = o.fail_on.or(settings.fail_on);
        settings.max_warnings = o.max_warnings.or(settings.max_warnings);
        settings.item_type = o.item_type.or(settings.item_type);
        settings.report_date = o.report_date.or(settings.report_date);
        settings.exclude.extend(o.exclude.iter().cloned());
        // The segmenter is built, and extraction's regexes compiled, while
        // the rules compile.
        let cached = self.segmenters.get(&settings.dictionaries).cloned();
        let (rules, base) = std::thread::scope(|s| {
            let seg = s.spawn(|| {
                let seg = cached.is_none().then(Segmenter::new);
                crate::document::warm_up();
                seg
            });
            let rules = settings.build_rules(&o.rule_dirs);
            (rules, seg.join().expect("segmenter construction does not panic"))
        });
        let rules = rules?;

        let segmenter = match cached {
            Some(s) => s,
            None => {
                let mut seg = base.unwrap_or_default();
                for d in &settings.dictionaries {
                    let text = crate::input::read_regular_to_string(d).map_err(|e| ConfigError {
                        file: d.clone(),
                        line: 1,
                        col: 1,
                        message: format!("无法读取词典：{e}"),
                    })?;
                    seg.load_dict(&text).map_err(|e| ConfigError {
                        file: d.clone(),
                        line: 1,
                        col: 1,
                        message: format!("词典格式错误：{e}"),
                    })?;
                }
                let seg = Arc::new(seg);
                self.segmenters.insert(settings.dictionaries.clone(), seg.clone());
                seg
            }
        };
        Ok(Arc::new(Prepared { settings, rules, segmenter }))
    }
}

fn config_for(opts: &RunOptions, target: &Path) -> Option<PathBuf> {
    if opts.isolated {
        None
    } else if let Some(c) = &opts.config {
        Some(c.clone())
    } else {
        let t = if target.as_os_str() == "-" {
            Path::new(".")
        } else {
            target
        };
        config::discover(t)
    }
}

/// Check files completely: decode, extract, segment, rules, suppression.
/// Consecutive inputs of the same configuration are checked together, rule
/// by rule (see [`check_files`]).
fn check_group(group: &[(Input, Arc<Prepared>)], today: Option<NaiveDate>) -> Vec<Outcome> {
    let mut out = Vec::with_capacity(group.len());
    for same in group.chunk_by(|a, b| Arc::ptr_eq(&a.1, &b.1)) {
        let prep = &same[0].1;
        let first = out.len();
        let mut sources = Vec::new();
        let mut at = Vec::new();
        for (input, _) in same {
            match input::read(input) {
                Ok(s) => {
                    at.push(out.len());
                    sources.push(s);
                    out.push(None);
                }
                Err(e) => out.push(Some(Outcome::Failed(e))),
            }
        }
        debug_assert_eq!(out.len(), first + same.len());
        let opts = CheckOptions {
            item_type: prep.settings.item_type,
            report_date: prep.settings.report_date,
            today,
        };
        for (i, mut report) in at.into_iter().zip(check_files(&prep.segmenter, &prep.rules, sources, &opts)) {
            cut_last_char(&mut report, &prep.rules);
            let ignored = prep.settings.ignored_for(&report.source.path);
            let anchor = report.anchor.clone();
            suppress::apply(&report.source, &mut report.diagnostics, &ignored, &prep.rules, &anchor);
            sort_diagnostics(&mut report.diagnostics);
            report.score = score(&report.diagnostics);
            out[i] = Some(Outcome::Checked(Box::new(report)));
        }
    }
    out.into_iter().map(|o| o.expect("every input has an outcome")).collect()
}

/// Report a file whose last character was cut short (and dropped when
/// decoding), at the last character left.
fn cut_last_char(report: &mut FileReport, rules: &RuleSet) {
    let Some(rule) = rules.get(CUT_CHARACTER_RULE).filter(|_| report.source.cut_last_char) else {
        return;
    };
    let text = report.source.text.trim_end();
    let start = text.char_indices().next_back().map_or(0, |(i, _)| i);
    report.diagnostics.push(Diagnostic {
        rule: rule.id.clone(),
        relation: rule.relation,
        severity: rule.severity,
        message: rule.message.clone(),
        suggestion: rule.suggestion.clone(),
        span: start..text.len(),
        document: false,
    });
}

/// The union of all rules in use, for registries (SARIF `tool.driver.rules`).
pub fn registry(opts: &RunOptions, prep: &mut Preparer) -> Result<RuleSet, ConfigError> {
    let mut all = RuleSet::default();
    let targets: Vec<PathBuf> = if opts.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        opts.paths.clone()
    };
    for t in targets {
        // A broken configuration file is reported on the files it governs.
        let p = match prep.get(config_for(opts, &t).as_deref()) {
            Ok(p) => p,
            Err(e) if opts.config.is_some() || prep.from_command_line(&e) => return Err(e),
            Err(_) => continue,
        };
        for r in &p.rules.rules {
            if all.get(&r.id).is_none() {
                all.rules.push(r.clone());
            }
        }
    }
    Ok(all)
}

/// Largest single file checked with light regexes first: a draft is a few
/// KB; a longer text searches far more than `crate::re::LIGHT_BYTES` with
/// each pattern.
const LIGHT_RUN_BYTES: u64 = 64 << 10;

/// Run a batch, streaming rendered output to `sink`.
pub fn run(
    opts: &RunOptions,
    prep: &mut Preparer,
    reporter: &mut dyn Reporter,
    sink: &mut dyn FnMut(&str),
) -> Result<RunResult, ConfigError> {
    // One short text is checked with regexes that are cheap to build; many
    // files, and long ones, with regexes that are fast to search (see
    // `crate::re::LIGHT_BYTES`).
    let short = |p: &Path| std::fs::metadata(p).map_or(true, |m| m.is_file() && m.len() <= LIGHT_RUN_BYTES);
    crate::re::set_light_first(opts.paths.len() == 1 && opts.paths.iter().all(|p| short(p)));
    // Expand every path with the excludes of the configuration that governs
    // it. A file is checked once however it is named (`a.txt`, `./a.txt`,
    // `../dir/a.txt`, a link), under the first name given.
    let mut inputs: Vec<(Input, Result<Arc<Prepared>, ConfigError>)> = Vec::new();
    let mut errors: Vec<InputError> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    // A configuration given with --config, and the command line itself,
    // govern every file: their errors stop the run. A configuration file
    // found in a folder governs that folder's files: each becomes an input
    // error naming it, and the other files are checked.
    let get = |prep: &mut Preparer, target: &Path| match prep.get(config_for(opts, target).as_deref()) {
        Err(e) if opts.config.is_some() || prep.from_command_line(&e) => Err(e),
        p => Ok(p),
    };
    for path in &opts.paths {
        let root_prep = get(prep, path)?;
        let exclude = match &root_prep {
            Ok(p) => &p.settings.exclude,
            Err(_) => &opts.overrides.exclude,
        };
        let (found, errs) = input::expand_with(std::slice::from_ref(path), exclude, opts.hidden);
        errors.extend(errs);
        for i in found {
            if !seen.insert(i.id()) {
                continue;
            }
            let p = match &i {
                Input::File(f) if opts.config.is_none() && !opts.isolated => get(prep, f)?,
                _ => root_prep.clone(),
            };
            inputs.push((i, p));
        }
    }
    // Stable order: by path.
    inputs.sort_by(|a, b| a.0.cmp(&b.0));
    // Every input counts, also one whose configuration failed: the report
    // must never replace a draft.
    if let Some(out) = &opts.output {
        refuse_overwriting_an_input(out, inputs.iter().map(|(i, _)| i))?;
    }
    let mut checked = Vec::with_capacity(inputs.len());
    for (i, p) in inputs {
        match p {
            Ok(p) => checked.push((i, p)),
            Err(e) => errors.push(InputError {
                path: i.path(), message: format!("配置有错误，未检查：{e}")
            }),
        }
    }
    let inputs = checked;

    // Rules compile their regexes when first used; a second thread compiles
    // them from the other end meanwhile, so that start-up is shared by two
    // cores even for one file.
    // For a single regular file of draft size the thread reads it too (a
    // second read of a regular file is harmless; nothing else is ever
    // read), and compiles only the regexes that may match it.
    if opts.threads != 1 {
        let small_file = |path: &std::path::Path| {
            std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() <= crate::check::LARGE_FILE_BYTES as u64)
        };
        if let [(input @ Input::File(path), p)] = inputs.as_slice() {
            let (input, p) = (input.clone(), p.clone());
            let small = small_file(path);
            std::thread::spawn(move || match small.then(|| input::read(&input)) {
                Some(Ok(src)) => p.rules.warm_up_for(&src.text),
                _ => p.rules.warm_up(),
            });
        } else {
            let mut seen: Vec<*const Prepared> = Vec::new();
            for (_, p) in &inputs {
                if !seen.contains(&Arc::as_ptr(p)) {
                    seen.push(Arc::as_ptr(p));
                    let p = p.clone();
                    std::thread::spawn(move || p.rules.warm_up());
                }
            }
        }
    }

    let pool = rayon::ThreadPoolBuilder::new().num_threads(opts.threads).build().map_err(|e| ConfigError {
        file: PathBuf::from("<threads>"),
        line: 1,
        col: 1,
        message: e.to_string(),
    })?;

    let mut result = RunResult::default();
    let mut summary = Summary::default();
    let mut index = Index::new();
    let mut index_paths: Vec<String> = Vec::new();
    let mut buffered: Vec<(u32, String, String)> = Vec::new();
    let mut out = String::new();
    reporter.begin(&mut out);
    sink(&out);
    let mut warnings = 0usize;
    let mut max_warnings: Option<usize> = None;

    for e in errors {
        let o = Outcome::Failed(e);
        emit(&o, None, reporter, &mut summary, opts.sort, &mut buffered, sink);
        result.input_errors = true;
    }
    // Files are checked in groups of up to GROUP, rule by rule within a
    // group; outcomes are collected and emitted a chunk of files at a time,
    // enough for two groups per thread. A small batch is shared evenly.
    const GROUP: usize = 64;
    let threads = pool.current_num_threads();
    let chunk_len = (2 * GROUP * threads).max(256);
    for chunk in inputs.chunks(chunk_len) {
        // Files are checked, and their near-duplicate signatures computed,
        // in parallel; the batch index is then updated in path order.
        // A reporter that can render a file on its own does so here too.
        // A report with very many findings is written piece by piece later
        // instead, if the reporter can (see `Reporter::streams`).
        let renderer = reporter.file_renderer();
        let streams = reporter.streams();
        let outcomes: Vec<(Outcome, Option<Signature>, Option<String>)> = pool.install(|| {
            chunk
                .par_chunks(chunk.len().div_ceil(threads).clamp(1, GROUP))
                .flat_map_iter(|group| check_group(group, opts.today).into_iter().zip(group))
                .map(|(o, (_, p))| {
                    let sig = match &o {
                        Outcome::Checked(r) if opts.cross && p.settings.duplicates.enabled => Signature::of(&r.body),
                        _ => None,
                    };
                    let rendered = match (&o, renderer) {
                        (Outcome::Checked(r), Some(f))
                            if !(streams && r.diagnostics.len() > crate::report::STREAM_DIAGNOSTICS) =>
                        {
                            Some(f.render(r))
                        }
                        _ => None,
                    };
                    (o, sig, rendered)
                })
                .collect()
        });
        for ((mut o, sig, mut rendered), (_, p)) in outcomes.into_iter().zip(chunk) {
            if let Outcome::Checked(r) = &mut o {
                let dup = &p.settings.duplicates;
                // A near-duplicate finding changes the report: render again.
                if opts.cross && dup.enabled && cross_check(r, sig, dup, p, &mut index, &mut index_paths, &mut summary)
                {
                    rendered = None;
                }
                let threshold = p.settings.fail_on.unwrap_or_default().threshold();
                if threshold.is_some_and(|t| r.diagnostics.iter().any(|d| d.severity >= t)) {
                    result.failing = true;
                }
                warnings += r.count(Severity::Warning);
                if let Some(m) = p.settings.max_warnings {
                    max_warnings = Some(max_warnings.map_or(m, |x: usize| x.min(m)));
                }
            } else {
                result.input_errors = true;
            }
            emit(&o, rendered, reporter, &mut summary, opts.sort, &mut buffered, sink);
        }
    }
    if opts.paths.iter().all(|p| p.as_os_str() != "-") && summary.files + summary.failed == 0 {
        return Err(ConfigError {
            file: PathBuf::from(opts.paths.first().map_or(".".into(), |p| display_path(p))),
            line: 1,
            col: 1,
            message: "没有找到可检查的文件（.txt / .md / .markdown / .docx）".into(),
        });
    }
    if max_warnings.is_some_and(|m| warnings > m) {
        result.failing = true;
    }
    flush(buffered, reporter, sink);
    let mut out = String::new();
    reporter.end(&summary, &mut out);
    sink(&out);
    result.summary = summary;
    Ok(result)
}

/// The report must not replace a draft: `--output` naming one of the inputs
/// (the same file however spelled, linked, or found in a folder) is refused.
fn refuse_overwriting_an_input<'a>(out: &Path, inputs: impl Iterator<Item = &'a Input>) -> Result<(), ConfigError> {
    let Ok(target) = std::fs::metadata(out) else {
        // A new file is no input.
        return Ok(());
    };
    #[cfg(unix)]
    let same = |p: &Path| {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(p).is_ok_and(|m| (m.dev(), m.ino()) == (target.dev(), target.ino()))
    };
    #[cfg(not(unix))]
    let same = |p: &Path| {
        let _ = &target;
        matches!((std::fs::canonicalize(p), std::fs::canonicalize(out)), (Ok(a), Ok(b)) if a == b)
    };
    for input in inputs {
        if let Input::File(p) = input {
            if same(p) {
                return Err(ConfigError {
                    file: out.to_path_buf(),
                    line: 1,
                    col: 1,
                    message: format!(
                        "--output 指向被检查的稿件 {}，报告会覆盖稿件；请换一个输出文件",
                        crate::report::shown_path(p)
                    ),
                });
            }
        }
    }
    Ok(())
}

/// Render an outcome (`rendered`: already rendered by the reporter's
/// [`crate::report::FileRenderer`]) and pass it on. With `--sort score` a
/// checked file is held back (see [`flush`]).
fn emit(
    o: &Outcome,
    rendered: Option<String>,
    reporter: &mut dyn Reporter,
    summary: &mut Summary,
    sort: SortBy,
    buffered: &mut Vec<(u32, String, String)>,
    sink: &mut dyn FnMut(&str),
) {
    summary.add(o);
    if let (SortBy::Score, Outcome::Checked(r)) = (sort, o) {
        // What the file renderer makes does not depend on the files before
        // it; the reporter joins the pieces (JSON commas) in score order.
        let piece = match (rendered, reporter.file_renderer()) {
            (Some(s), _) => s,
            (None, Some(f)) => f.render(r),
            (None, None) => {
                let mut s = String::new();
                reporter.file(r, &mut s);
                s
            }
        };
        buffered.push((r.score, display_path(&r.source.path), piece));
        return;
    }
    let mut out = String::new();
    match (o, rendered) {
        (Outcome::Checked(_), Some(s)) => reporter.file_rendered(s, &mut out),
        (Outcome::Checked(r), None) => return reporter.file_to(r, sink),
        (Outcome::Failed(e), _) => reporter.failed(e, &mut out),
    }
    sink(&out);
}

/// Write the files held back by `--sort score`, lowest score first.
fn flush(mut buffered: Vec<(u32, String, String)>, reporter: &mut dyn Reporter, sink: &mut dyn FnMut(&str)) {
    buffered.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let joins = reporter.file_renderer().is_some();
    for (_, _, piece) in buffered {
        if joins {
            let mut out = String::new();
            reporter.file_rendered(piece, &mut out);
            sink(&out);
        } else {
            sink(&piece);
        }
    }
}

/// Compare a file with the earlier files of the batch; report the most
/// similar one on the later file. Returns whether the report changed.
fn cross_check(
    r: &mut FileReport,
    sig: Option<Signature>,
    dup: &DuplicateSettings,
    p: &Prepared,
    index: &mut Index,
    paths: &mut Vec<String>,
    summary: &mut Summary,
) -> bool {
    let Some(sig) = sig else { return false };
    let hits = index.add(sig, dup.threshold);
    let me = display_path(&r.source.path);
    paths.push(me.clone());
    let Some(&(other, sim)) = hits.first() else {
        return false;
    };
    summary.duplicates.push(DuplicatePair { first: paths[other].clone(), second: me, similarity: sim });
    if let Some(rule) = p.rules.get(DUPLICATE_RULE) {
        let vars = [
            ("other", paths[other].clone()),
            ("similarity", format!("{:.0}%", sim * 100.0)),
        ];
        r.diagnostics.push(Diagnostic {
            rule: rule.id.clone(),
            relation: rule.relation,
            severity: rule.severity,
            message: interpolate_vars(&rule.message, &vars),
            suggestion: rule.suggestion.as_ref().map(|s| interpolate_vars(s, &vars)),
            span: r.anchor.clone(),
            document: true,
        });
        sort_diagnostics(&mut r.diagnostics);
        r.score = score(&r.diagnostics);
        return true;
    }
    false
}
