//! The quantity layer: numeric facts of a document, extracted once.
//!
//! A [`Fact`] is one figure of the body — `3.9万吨`, `6名`, `87.3%`, `九成`,
//! `翻番` — with its value folded to base units, the precision it is written
//! in, its unit, what it counts (the words before and after it), and its
//! role in the sentence (a total, a part, the value before or after a change,
//! the change, a rate, a share, a plan). Consistency checks compare facts
//! instead of each re-scanning the text with its own patterns.
//!
//! Extraction is one pass over the body's sentences, linear in their length.

use std::sync::LazyLock;

use crate::document::{Document, Span};
use crate::re::Regex;
use crate::segment::Tokens;

/// What a figure is in its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A stated amount (`轮入3.9万吨`, `3人受伤`).
    Level,
    /// An amount marked as a total (`共`, `合计`, `累计`).
    Total,
    /// A component (`其中…`, `另有`, `其余`, after `分品种看`).
    Part,
    /// The earlier value of a comparison (`由24张`, `比上年的119件`, `上年同期为…`).
    Before,
    /// The later value of a `由A增至B` change.
    After,
    /// A difference (`增加97件`, `多20家`).
    Change,
    /// A relative change in percent (`增长44.9%`, `增加了一倍`, `翻番`).
    Rate,
    /// A share or completion rate in percent (`占65.4%`, `完成计划的56.4%`,
    /// `合格率99%`, `九成`, `过半`).
    Share,
    /// A planned or target amount (`计划8.4万吨`, `目标任务…`).
    Plan,
}

/// How exactly a value is stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    Exact,
    /// 约, 近, 左右, 余, 多: roughly.
    About,
    /// 超过, 逾, 以上: more than.
    Over,
    /// 不足, 不到, 以下: less than.
    Under,
}

#[derive(Debug, Clone)]
pub struct Fact {
    /// The figure in document bytes: number (or numeral word) through unit.
    pub span: Span,
    /// Index into `doc.sentences`.
    pub sentence: usize,
    /// Value in base units (万/亿 folded in); percent for `%` facts.
    pub value: f64,
    /// Half the last written digit, in base units (3.9万 → 500): the
    /// rounding a written value may carry. Qualitative values carry their
    /// own tolerance (5 points).
    pub half_ulp: f64,
    /// The measure word (`人`, `吨`, `元`, `%`, `个百分点`). People counted in
    /// 名/位 are folded to `人`.
    pub unit: String,
    /// The scale the figure is written in (`万`, `亿`) or empty.
    pub scale: &'static str,
    /// 九成, 过半, 一倍, 翻番: a word, not a number.
    pub qualitative: bool,
    pub bound: Bound,
    /// +1 for an increase, −1 for a decrease (changes and rates), else 0.
    pub dir: i8,
    pub role: Role,
    /// Words right before the figure in its clause, lead words stripped
    /// (`小麦轮入`, `签约服务`).
    pub before: String,
    /// Words right after the unit (`中毒游客`, `受伤`, `床位`).
    pub after: String,
    /// The nouns that end `before` (`新认定家庭农场` → `家庭农场`), by the
    /// document's tokens; empty without them.
    pub noun: String,
    /// The clause (between `，；：、` marks) is about a period or a base
    /// (同期, 上年, 累计, 以来 …), not the item's own moment.
    pub periodic: bool,
}

impl Fact {
    /// What the figure counts: the words after the unit when there are
    /// some (`5名中毒游客`), else those before it (`轮入3.9万吨`).
    pub fn what(&self) -> &str {
        if !self.after.is_empty() {
            &self.after
        } else if !self.noun.is_empty() {
            &self.noun
        } else {
            &self.before
        }
    }

    /// The written figure's text in `doc`.
    pub fn text<'d>(&self, doc: &'d Document) -> &'d str {
        doc.slice(&self.span)
    }

    /// Whether `v` (base units) is within the rounding of this figure.
    pub fn admits(&self, v: f64) -> bool {
        (v - self.value).abs() <= self.half_ulp * (1.0 + 1e-9) + 1e-9
    }

    /// The casualty or incident category of a count of people, with
    /// synonyms folded: 伤员 = 伤者 = 受伤, 遇难 = 身亡 = 死亡, 失联 = 失踪.
    pub fn casualty(&self) -> Option<&'static str> {
        if self.unit != "人" {
            return None;
        }
        casualty_of(&self.after).or_else(|| casualty_of(tail(&self.before, 4)))
    }
}

/// The last `n` characters of `s`.
/// The first `n` characters of `s`.
pub(crate) fn head(s: &str, n: usize) -> &str {
    &s[..s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)]
}

pub(crate) fn tail(s: &str, n: usize) -> &str {
    let start = s.char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i);
    &s[start..]
}

/// The casualty category a text names, if any (see [`Fact::casualty`]).
pub fn casualty_word(s: &str) -> Option<&'static str> {
    casualty_of(s)
}

static TIME_RE: LazyLock<Regex> = LazyLock::new(|| crate::re::new(r"\d+时|\d+点|\d+日").unwrap());

/// Whether a sentence states a clock time or a day (a later count may be
/// an update, not a restatement).
pub fn has_time(s: &str) -> bool {
    TIME_RE.is_match(s)
}

fn casualty_of(s: &str) -> Option<&'static str> {
    const CATS: &[(&str, &str)] = &[
        ("重伤", "重伤"),
        ("轻伤", "轻伤"),
        ("轻微伤", "轻伤"),
        ("受伤", "受伤"),
        ("伤员", "受伤"),
        ("伤者", "受伤"),
        ("负伤", "受伤"),
        ("死亡", "死亡"),
        ("遇难", "死亡"),
        ("身亡", "死亡"),
        ("罹难", "死亡"),
        ("丧生", "死亡"),
        ("死者", "死亡"),
        ("失踪", "失踪"),
        ("失联", "失踪"),
        ("被困", "被困"),
        ("中毒", "中毒"),
        ("获救", "获救"),
        ("转移", "转移"),
        ("疏散", "转移"),
        ("撤离", "转移"),
    ];
    CATS.iter().find(|(w, _)| s.contains(w)).map(|(_, c)| *c)
}

/// The facts of a document, in text order.
#[derive(Debug, Default)]
pub struct Facts {
    pub all: Vec<Fact>,
    /// For each sentence, the range of `all` it holds.
    by_sentence: Vec<std::ops::Range<usize>>,
    /// Sentences that open a breakdown (分品种看, 从类型看, 按地区分).
    pub breakdown: Vec<bool>,
    /// Sentences inside a breakdown: from its opening sentence to the end
    /// of the paragraph, or to the sentence before an enumeration (一是…)
    /// also counts as inside one.
    pub listing: Vec<bool>,
}

impl Facts {
    pub fn of_sentence(&self, i: usize) -> &[Fact] {
        self.by_sentence.get(i).map_or(&[], |r| &self.all[r.clone()])
    }
}

/// Measure words (longest first where one is a prefix of another).
const UNITS: &str = "个百分点|人次|户次|家次|批次|架次|车次|人|户|家|件|项|个|元|吨|亩|套|座|所|名|位|条|批|辆|台|处|场|公里|千米|平方米|米|张|起|份|栋|间|头|只|羽|匹|株|棵|例|宗|笔|次|千瓦|立方米|公顷|艘|种|床|剂次|剂|支|公斤|千克|斤|册|本|篇|%|％";

static NUM_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(&format!(
        r"([0-9０-９]+(?:[.．][0-9０-９]+)?|[零〇一二两三四五六七八九十百千]+)(亿|万)?(余|多)?({UNITS})"
    ))
    .unwrap()
});

/// 九成, 近八成, 过半, 一倍, 翻番, 一半.
static QUAL_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"([一二三四五六七八九])成(以上|多)?|过半|超过半数|半数以上|一半以上|(增加|增长|提高|上升|扩大)了?(近|约)?([一两二三四五]|\d+)倍(多|以上)?|翻了?([一两二三])?番|(减少|下降|降低|缩短|压缩|缩减)了?(近|约)?一半|减半")
        .unwrap()
});

static BREAKDOWN_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"^(?:[^，。；]{0,12}[，：])?(?:从|分|按)[^，。；：:\d]{0,8}?(?:来看|看|划分|分)[，：:]").unwrap()
});

static CHANGE_VERB_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(增加|增长|提高|上升|提升|扩大|上涨|回升|多|增|减少|下降|降低|减|少|回落|下滑|缩小|缩短|压缩|压减)了?(?:约|近|超过|逾)?$")
        .unwrap()
});
static SHARE_BEFORE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(?:占[^，。；、%]{0,14}?的?|占比|比重|比例|率|完成[^，。；、%]{0,10}?的|达到[^，。；、%]{0,10}?的)(?:为|达|达到|是|约|近|超过|不足|不到|仅为|只有|已达)?$")
        .unwrap()
});
static BEFORE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(?:^|[^理自])(?:由|从)(?:原来的|原先的|过去的|以前的|之前的)?[\p{Han}]{0,6}?$|比[^，。；\d]{0,12}的$|(?:上年同期|去年同期|上年|去年|同期)(?:为|是|的|仅为|只有)$")
        .unwrap()
});
static AFTER_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"(?:增|降|减|升|提高|缩短|压缩|扩大|增加|减少|下降|上升)?(?:至|到)$").unwrap());
static TOTAL_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"共有|共计|总计|合计|累计|总共|一共|总数|共").unwrap());
static PLAN_RE: LazyLock<Regex> = LazyLock::new(|| crate::re::new(r"计划|目标|任务|预算|下达").unwrap());
static PART_LEAD_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"^(?:其中|另有|其余|包括|内含|含|分别|此外)").unwrap());
static PERIOD_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"同期|上年|去年|前年|累计|以来|全年|历年|年初|上月|本月|当月|当日|当天|首日|\d+月|\d+日|\d+年")
        .unwrap()
});

/// Words that lead the counted thing but are not part of it.
const LEAD: &[&str] = &[
    "其中", "另有", "其余", "包括", "此外", "目前", "现有", "共有", "共计", "合计", "总计", "累计", "共", "已", "均",
    "全部",
];
/// Words that end the text before a figure but are not what it counts.
const TRAIL: &[&str] = &[
    "达到", "达", "为", "有", "共计", "共有", "共", "约", "近", "超过", "逾", "不足", "不到", "的", "是", "合计",
    "总计", "累计", "计", "了", "已", "仅", "只", "将近", "接近", "分别",
];

/// A number written with ASCII, full-width or Chinese digits.
pub fn parse_number(s: &str) -> Option<(f64, i32)> {
    if s.chars().all(|c| c.is_ascii_digit() || c == '.' || ('０'..='９').contains(&c) || c == '．') {
        let ascii: String = s
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                '．' => '.',
                c => c,
            })
            .collect();
        let decimals = ascii.split_once('.').map_or(0, |(_, d)| d.len() as i32);
        return Some((ascii.parse().ok()?, decimals));
    }
    chinese_number(s).map(|v| (v, 0))
}

/// 三, 十二, 两百, 一千零五 → value. None for malformed strings.
fn chinese_number(s: &str) -> Option<f64> {
    let digit = |c: char| {
        "零〇一二三四五六七八九"
            .find(c)
            .map(|i| "零〇一二三四五六七八九"[..i].chars().count())
            .map(|i| i.saturating_sub(1))
    }; // 零 and 〇 are both 0.
    let mut total = 0u64;
    let mut cur: Option<u64> = None;
    for c in s.chars() {
        if c == '两' {
            cur = Some(2);
        } else if let Some(d) = digit(c) {
            cur = Some(d as u64);
        } else {
            let mul = match c {
                '十' => 10,
                '百' => 100,
                '千' => 1000,
                _ => return None,
            };
            total += cur.unwrap_or(1) * mul;
            cur = None;
        }
    }
    let v = total + cur.unwrap_or(0);
    (v > 0 || s.contains(['零', '〇'])).then_some(v as f64)
}

fn strip_lead(mut s: &str) -> &str {
    loop {
        let before = s;
        for w in LEAD {
            s = s.strip_prefix(w).unwrap_or(s);
        }
        if s == before {
            return s;
        }
    }
}

fn strip_trail(mut s: &str) -> &str {
    loop {
        let before = s;
        for w in TRAIL {
            s = s.strip_suffix(w).unwrap_or(s);
        }
        if s == before {
            return s;
        }
    }
}

/// Where the clause holding byte `at` of `text` starts (after `，；：、（`
/// or the sentence start).
fn clause_start(text: &str, at: usize) -> usize {
    text[..at]
        .rfind(['，', '；', '：', '、', '（', '(', ',', ';', ':'])
        .map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8))
}

/// The words after a unit that name what it counts: Han characters up to a
/// function word, at most 4.
fn words_after(s: &str) -> String {
    const STOP: &str = "均都已全正在被将于的中和及与等从向到至为是有也还并且仍经由送暂已共各分别，。；、：（）";
    let mut out = String::new();
    for (i, c) in s.char_indices() {
        // 中 ends the words (12万名居民中) unless it starts 中毒.
        let stop = STOP.contains(c) && !(c == '中' && s[i..].starts_with("中毒"));
        if !crate::document::is_han(c) || stop || out.chars().count() == 4 {
            break;
        }
        out.push(c);
    }
    out
}

/// Han text right before a figure in its clause, lead and trailing words
/// stripped, at most 8 characters.
fn words_before(clause: &str) -> String {
    let han: String = clause
        .chars()
        .rev()
        .take_while(|&c| crate::document::is_han(c))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let s = strip_lead(strip_trail(&han));
    tail(s, 8).to_string()
}

/// The nouns (and incident words such as 受伤, 中毒) that follow a figure,
/// by the document's tokens: at most 3 words, up to the first word of
/// another kind (`6名游客出现…` → 游客, `5名中毒游客均…` → 中毒游客).
fn nouns_after(doc: &Document, tokens: &Tokens, from: usize, end: usize) -> Option<String> {
    let mut from = from;
    let rest = &doc.text[from..end];
    for w in ["余", "多"] {
        if rest.starts_with(w) {
            from += w.len();
        }
    }
    let toks = tokens.within(&(from..end));
    let first = toks.first()?;
    if first.span.start != from {
        return None;
    }
    let mut out = String::new();
    for t in toks.iter().take(3) {
        let w = doc.slice(&t.span);
        let pos = tokens.pos(w);
        let tag = pos.as_str();
        if !(tag.starts_with('n') || tag == "vn" || casualty_of(w).is_some()) || w == "中" {
            break;
        }
        out.push_str(w);
    }
    Some(out)
}

/// The noun words that end `from..end` (at most 2 words).
fn nouns_before(doc: &Document, tokens: &Tokens, from: usize, end: usize) -> String {
    let toks = tokens.within(&(from..end));
    let mut n = 0;
    for t in toks.iter().rev().take(2) {
        let w = doc.slice(&t.span);
        if t.span.end > end || !tokens.pos(w).as_str().starts_with('n') {
            break;
        }
        n += 1;
    }
    match toks.len().checked_sub(n).and_then(|i| toks.get(i)) {
        Some(t) if n > 0 && t.span.start >= from => doc.text[t.span.start..end].to_string(),
        _ => String::new(),
    }
}

/// Extract the facts of `doc`'s body; with the document's tokens, the
/// words a figure counts are cut at word boundaries.
pub fn extract(doc: &Document, tokens: &Tokens) -> Facts {
    let mut facts = extract_text(doc);
    if !tokens.tokens.is_empty() {
        for f in &mut facts.all {
            let end = doc.sentences[f.sentence].span.end;
            if let Some(after) = nouns_after(doc, tokens, f.span.end, end) {
                if !f.qualitative {
                    f.after = after;
                }
            }
            f.noun = nouns_before(doc, tokens, f.span.start - f.before.len(), f.span.start);
            if !doc.text[..f.span.start].ends_with(f.before.as_str()) {
                f.noun.clear();
            }
        }
    }
    facts
}

fn extract_text(doc: &Document) -> Facts {
    let mut facts = Facts::default();
    for s in &doc.sentences {
        let text = doc.slice(&s.span);
        let from = facts.all.len();
        facts.breakdown.push(BREAKDOWN_RE.is_match(text));
        let mut mine: Vec<Fact> = Vec::new();
        sentence_facts(text, &mut mine);
        for mut f in mine {
            f.span = s.span.start + f.span.start..s.span.start + f.span.end;
            f.sentence = facts.breakdown.len() - 1;
            facts.all.push(f);
        }
        facts.by_sentence.push(from..facts.all.len());
        let k = facts.breakdown.len() - 1;
        let same_para = k > 0 && doc.sentences[k - 1].paragraph == s.paragraph;
        let inside = facts.breakdown[k] || same_para && facts.listing[k - 1] || ENUM_RE.is_match(text);
        facts.listing.push(inside);
    }
    facts
}

/// An item of an enumeration: 一是, 二是, （三）, 四、, 第五.
static ENUM_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"^(?:[一二三四五六七八九十]是|（[一二三四五六七八九十]）|[一二三四五六七八九十]、|第[一二三四五六七八九十]|其[一二三四五])").unwrap()
});

static PERIOD_TAG_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"今年|去年|上年|明年|本年|前年|上半年|下半年|\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}至\d{1,2}月|计划|拟|预计|将于|将在|力争|目标").unwrap()
});

/// The periods and plans a sentence names (今年, 1980年, 1至10月, 计划 …),
/// full dates (2026年11月20日) excepted: two figures under different tags
/// are about different times.
pub fn period_tags(s: &str) -> Vec<&str> {
    let mut v: Vec<&str> = PERIOD_TAG_RE.find_iter(s).map(|m| m.as_str()).filter(|t| !t.ends_with('日')).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// The facts of a text outside the body (a title), spans relative to it,
/// in text order; without tokens, so `noun` is empty.
pub fn text_facts(text: &str) -> Vec<Fact> {
    let mut out = Vec::new();
    sentence_facts(text, &mut out);
    out
}

/// The facts of one sentence, spans relative to it, in text order.
fn sentence_facts(text: &str, out: &mut Vec<Fact>) {
    if !text.contains(|c: char| {
        c.is_ascii_digit() || "零〇一二两三四五六七八九十百千０１２３４５６７８９半番倍成".contains(c)
    }) {
        return;
    }
    let breakdown_end = BREAKDOWN_RE.find(text).map(|m| m.end());
    for c in NUM_RE.captures_iter(text) {
        let m = c.get(0).unwrap();
        let num = &c[1];
        let prev = text[..m.start()].chars().next_back();
        if prev.is_some_and(|p| p.is_ascii_digit() || p == '.' || p == '．' || ('０'..='９').contains(&p)) {
            continue;
        }
        // 1，753亿元: a thousands separator, not two numbers.
        let before_num = &text[..m.start()];
        if num.chars().take_while(|c| c.is_ascii_digit()).count() == 3
            && (before_num.ends_with('，') || before_num.ends_with(','))
            && before_num.trim_end_matches(['，', ',']).ends_with(|c: char| c.is_ascii_digit())
        {
            continue;
        }
        let mut unit = c[4].to_string();
        let after_text = &text[m.end()..];
        let chinese = !num.starts_with(|ch: char| ch.is_ascii_digit() || ('０'..='９').contains(&ch));
        if chinese {
            // 第一, 每一, 一人一档, 十四五: not counts.
            if prev.is_some_and(|p| "第每逐各某同哪任初周星礼".contains(p))
                || !matches!(
                    unit.as_str(),
                    "人" | "名"
                        | "位"
                        | "户"
                        | "家"
                        | "起"
                        | "处"
                        | "辆"
                        | "座"
                        | "艘"
                        | "间"
                        | "栋"
                        | "头"
                        | "例"
                        | "所"
                )
                || after_text.starts_with(|ch: char| "一二两三四五六七八九十".contains(ch))
                || num.chars().count() == 1
                    && "一".contains(num)
                    && c.get(2).is_none()
                    && !after_text.starts_with(|ch: char| crate::document::is_han(ch))
            {
                continue;
            }
        }
        if unit == "个" && after_text.starts_with(|ch: char| "工月小".contains(ch)) {
            continue;
        }
        let Some((v, decimals)) = parse_number(num) else {
            continue;
        };
        let scale = match c.get(2).map(|s| s.as_str()) {
            Some("万") => 1e4,
            Some("亿") => 1e8,
            _ => 1.0,
        };
        if unit == "％" {
            unit = "%".into();
        }
        if matches!(unit.as_str(), "名" | "位") {
            unit = "人".into();
        }
        let value = v * scale;
        // A whole count without 万/亿 is exact (3人, 1380台).
        let half_ulp = if decimals == 0 && scale == 1.0 && c.get(3).is_none() {
            0.0
        } else {
            0.5 * 10f64.powi(-decimals) * scale
        };
        let start = m.start();
        let cs = clause_start(text, start);
        let clause_before = &text[cs..start];
        let mut bound = if c.get(3).is_some() { Bound::About } else { Bound::Exact };
        if let Some(b) = bound_before(clause_before) {
            bound = b;
        }
        if after_text.starts_with("左右") {
            bound = Bound::About;
        } else if after_text.starts_with("以上") {
            bound = Bound::Over;
        } else if after_text.starts_with("以下") {
            bound = Bound::Under;
        }
        let mut f = Fact {
            span: start..m.end(),
            sentence: 0,
            value,
            half_ulp,
            unit,
            scale: match c.get(2).map(|s| s.as_str()) {
                Some("万") => "万",
                Some("亿") => "亿",
                _ => "",
            },
            qualitative: false,
            bound,
            dir: 0,
            role: Role::Level,
            before: words_before(clause_before),
            after: words_after(after_text.trim_start_matches(['余', '多'])),
            noun: String::new(),
            periodic: false,
        };
        classify(text, cs, breakdown_end, &mut f);
        out.push(f);
    }
    for c in QUAL_RE.captures_iter(text) {
        let m = c.get(0).unwrap();
        let s = m.as_str();
        let cs = clause_start(text, m.start());
        let clause_before = &text[cs..m.start()];
        let (value, role, dir, mut bound) = if let Some(n) = c.get(1) {
            // 九成 (not 一成不变, 九成为 reads 九成 + 为).
            if text[m.end()..].starts_with("不变") {
                continue;
            }
            let d = chinese_number(n.as_str()).unwrap_or(0.0);
            let b = if c.get(2).is_some() { Bound::Over } else { Bound::Exact };
            (d * 10.0, Role::Share, 0, b)
        } else if s.ends_with('半') && !s.starts_with(['减', '下', '降', '缩', '压']) || s.contains("半数") {
            (50.0, Role::Share, 0, Bound::Over)
        } else if let Some(n) = c.get(5) {
            let k = parse_number(n.as_str()).map_or(0.0, |x| x.0);
            let b = if c.get(4).is_some() {
                Bound::About
            } else if c.get(6).is_some() {
                Bound::Over
            } else {
                Bound::Exact
            };
            (k * 100.0, Role::Rate, 1, b)
        } else if s.starts_with('翻') {
            let k = c.get(7).map_or(1.0, |n| chinese_number(n.as_str()).unwrap_or(1.0));
            ((2f64.powf(k) - 1.0) * 100.0, Role::Rate, 1, Bound::Exact)
        } else {
            let b = if c.get(9).is_some() { Bound::About } else { Bound::Exact };
            (50.0, Role::Rate, -1, b)
        };
        if role == Role::Share {
            if let Some(b) = bound_before(clause_before) {
                bound = b;
            }
        }
        let mut f = Fact {
            span: m.start()..m.end(),
            sentence: 0,
            value,
            half_ulp: 5.0,
            unit: "%".into(),
            scale: "",
            qualitative: true,
            bound,
            dir,
            role,
            before: words_before(clause_before),
            after: String::new(),
            noun: String::new(),
            periodic: PERIOD_RE.is_match(&text[cs..clause_end(text, m.end())]),
        };
        if role == Role::Share && !SHARE_BEFORE_RE.is_match(clause_before) && !clause_before.is_empty() {
            // 九成 as a plain amount of people (近九成村民) is still a share.
            f.before = words_before(clause_before);
        }
        out.push(f);
    }
    out.sort_by_key(|f| f.span.start);
}

fn clause_end(text: &str, at: usize) -> usize {
    text[at..].find(['，', '；', '：', '、', '。', '（', '(']).map_or(text.len(), |i| at + i)
}

fn bound_before(clause_before: &str) -> Option<Bound> {
    let b = clause_before;
    if ["超过", "逾", "超", "高于", "多于"].iter().any(|w| b.ends_with(w)) {
        Some(Bound::Over)
    } else if ["不足", "不到", "低于", "少于", "未达", "未超过"].iter().any(|w| b.ends_with(w)) {
        Some(Bound::Under)
    } else if ["约", "近", "将近", "接近", "大约", "左右"].iter().any(|w| b.ends_with(w)) {
        Some(Bound::About)
    } else {
        None
    }
}

/// Set `f`'s role, direction and period flag from the sentence around it.
fn classify(text: &str, cs: usize, breakdown_end: Option<usize>, f: &mut Fact) {
    let start = f.span.start;
    let clause_before = &text[cs..start];
    // The clause up to the figure, and from the sentence start (for 由…至).
    let lead = clause_before.trim_end_matches(['约', '近']);
    let ce = clause_end(text, f.span.end);
    f.periodic = PERIOD_RE.is_match(&text[cs..ce]);
    // The clause of a list item (、) may take its lead from the clause before it.
    let wide_start = text[..start].rfind(['，', '；', '：', '。']).map_or(0, |i| i + '，'.len_utf8());
    let wide = &text[wide_start..start];
    if f.unit == "%" {
        if let Some(c) = CHANGE_VERB_RE.captures(lead) {
            f.role = Role::Rate;
            f.dir = dir_of(&c[1]);
        } else {
            f.role = Role::Share;
        }
        return;
    }
    if f.unit == "个百分点" {
        if let Some(c) = CHANGE_VERB_RE.captures(lead) {
            f.dir = dir_of(&c[1]);
        }
        f.role = Role::Change;
        return;
    }
    if let Some(c) = CHANGE_VERB_RE.captures(lead) {
        // 新增 is a level of new things, not a change.
        if !lead.ends_with("新增") {
            f.role = Role::Change;
            f.dir = dir_of(&c[1]);
            return;
        }
    }
    if BEFORE_RE.is_match(lead) {
        f.role = Role::Before;
        return;
    }
    if AFTER_RE.is_match(lead) && (wide.contains('由') || wide.contains('从')) {
        f.role = Role::After;
        return;
    }
    if PART_LEAD_RE.is_match(clause_before) || PART_LEAD_RE.is_match(wide) || breakdown_end.is_some_and(|e| start >= e)
    {
        f.role = Role::Part;
        return;
    }
    if text[..start].contains("其中") {
        f.role = Role::Part;
        return;
    }
    if PLAN_RE.is_match(clause_before) {
        f.role = Role::Plan;
        return;
    }
    if TOTAL_RE.is_match(clause_before) {
        f.role = Role::Total;
    }
}

fn dir_of(verb: &str) -> i8 {
    if [
        "减少", "下降", "降低", "减", "少", "回落", "下滑", "缩小", "缩短", "压缩", "压减",
    ]
    .contains(&verb)
    {
        -1
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(text: &str) -> Vec<Fact> {
        let mut out = Vec::new();
        sentence_facts(text, &mut out);
        out
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("3.9"), Some((3.9, 1)));
        assert_eq!(parse_number("１４"), Some((14.0, 0)));
        assert_eq!(parse_number("三"), Some((3.0, 0)));
        assert_eq!(parse_number("十二"), Some((12.0, 0)));
        assert_eq!(parse_number("两百"), Some((200.0, 0)));
        assert_eq!(parse_number("一千零五"), Some((1005.0, 0)));
        assert_eq!(parse_number("二十"), Some((20.0, 0)));
    }

    #[test]
    fn values_units_and_what() {
        let f = facts("分品种看，小麦轮入2.2万吨、稻谷1.1万吨");
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].value, 22000.0);
        assert_eq!(f[0].half_ulp, 500.0);
        assert_eq!(f[0].unit, "吨");
        assert_eq!(f[0].before, "小麦轮入");
        assert_eq!(f[0].role, Role::Part);
        let f = facts("目前，5名中毒游客均无生命危险");
        assert_eq!((f[0].value, f[0].unit.as_str(), f[0].what()), (5.0, "人", "中毒游客"));
        assert_eq!(f[0].casualty(), Some("中毒"));
        let f = facts("事故造成三人受伤");
        assert_eq!((f[0].value, f[0].casualty()), (3.0, Some("受伤")));
        let f = facts("4名伤员已送医院");
        assert_eq!(f[0].casualty(), Some("受伤"));
        assert_eq!(f[0].what(), "伤员");
    }

    #[test]
    fn roles() {
        let f = facts("投诉216件，比上年同期增加97件，增长44.9%");
        let roles: Vec<Role> = f.iter().map(|f| f.role).collect();
        assert_eq!(roles, vec![Role::Level, Role::Change, Role::Rate]);
        let f = facts("床位由24张增至40张，增加了一倍");
        let roles: Vec<Role> = f.iter().map(|f| f.role).collect();
        assert_eq!(roles, vec![Role::Before, Role::After, Role::Rate]);
        assert!(f[2].qualitative);
        assert_eq!(f[2].value, 100.0);
        let f = facts("计划8.4万吨，已轮出8.1万吨、轮入3.9万吨，完成计划的56.4%");
        let roles: Vec<Role> = f.iter().map(|f| f.role).collect();
        assert_eq!(roles, vec![Role::Plan, Role::Level, Role::Level, Role::Share]);
        let f = facts("贷款1893笔，占比超过九成");
        assert_eq!((f[1].value, f[1].bound, f[1].role), (90.0, Bound::Over, Role::Share));
        let f = facts("产量翻了一番");
        assert_eq!((f[0].value, f[0].role), (100.0, Role::Rate));
        let f = facts("用时减少一半");
        assert_eq!((f[0].value, f[0].dir), (50.0, -1));
        assert!(facts("一成不变").is_empty());
        assert!(facts("第一名").is_empty());
    }
}
