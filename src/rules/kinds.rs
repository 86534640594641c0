//! Running each rule kind on a segmented document.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::NaiveDateTime;

use super::builtin;
use super::matcher::{LazyRegex, PhraseSet, SentenceCache};
use super::scan::{Found, Scan};
use super::schema::{Measure, Scope};
use super::{DateCheck, Hit, Imp, RepeatCheck, Rule, TitleCheck};
use crate::document::{han_count, DateKind, DateSource, Document, Span};
use crate::re::Regex;
use crate::segment::Tokens;

/// A document and its tokens, with values several rules share.
pub struct Ctx<'a> {
    pub doc: &'a Document,
    pub tokens: &'a Tokens,
    /// Title and body joined by line breaks (for document conditions).
    pub joined: String,
    /// Occurrences of the rule set's literals in `doc.text`.
    found: Option<Found<'a>>,
    /// The document's numeric facts, extracted on first use.
    facts: std::sync::OnceLock<crate::facts::Facts>,
}

impl<'a> Ctx<'a> {
    /// A context whose phrase sets and regexes search on their own.
    pub fn new(doc: &'a Document, tokens: &'a Tokens) -> Ctx<'a> {
        let mut joined = String::with_capacity(doc.text.len());
        for s in doc.text_spans() {
            joined.push_str(doc.slice(s));
            joined.push('\n');
        }
        Ctx {
            doc,
            tokens,
            joined,
            found: None,
            facts: std::sync::OnceLock::new(),
        }
    }

    /// A context that takes literal occurrences from one pass of `scan`.
    pub fn with_scan(doc: &'a Document, tokens: &'a Tokens, scan: &'a Scan) -> Ctx<'a> {
        let mut ctx = Ctx::new(doc, tokens);
        ctx.found = Some(scan.run(&doc.text));
        ctx
    }

    /// The numeric facts of the body (see [`crate::facts`]), extracted
    /// once per document on first use.
    pub fn facts(&self) -> &crate::facts::Facts {
        self.facts.get_or_init(|| crate::facts::extract(self.doc, self.tokens))
    }

    /// Matches of `set` in `span` of the document text (see
    /// [`PhraseSet::find`]).
    pub fn find(&self, set: &PhraseSet, span: &Span, tokens: Option<&Tokens>) -> Vec<Span> {
        let found = self.found.as_ref().and_then(|f| f.set(set));
        set.find_with(&self.doc.text, span, tokens, found)
    }

    pub fn count(&self, set: &PhraseSet, span: &Span, tokens: Option<&Tokens>) -> usize {
        self.find(set, span, tokens).len()
    }

    /// False when `re` cannot match any part of the document text.
    pub fn may_match(&self, re: &LazyRegex) -> bool {
        self.found.as_ref().is_none_or(|f| f.may_match(re))
    }

    /// False when `re` cannot match within `span` of the document text.
    pub fn may_match_in(&self, re: &LazyRegex, span: &Span) -> bool {
        self.found.as_ref().is_none_or(|f| f.may_match_in(re, span))
    }

    /// `re.is_match(hay)` for a `hay` taken from the document text.
    pub fn is_match(&self, re: &LazyRegex, hay: &str) -> bool {
        self.may_match(re) && re.is_match(hay)
    }
}

/// The spans a scope covers.
pub fn regions(doc: &Document, scope: Scope) -> Vec<Span> {
    match scope {
        Scope::Title => doc.title.iter().cloned().collect(),
        Scope::Lead => doc.paragraphs.first().cloned().into_iter().collect(),
        Scope::Body | Scope::Paragraph => doc.paragraphs.clone(),
        Scope::Sentence => doc.sentences.iter().map(|s| s.span.clone()).collect(),
        Scope::Footer => doc.footer.as_ref().map(|f| f.lines.clone()).unwrap_or_default(),
        Scope::Document => doc.text_spans().cloned().collect(),
        Scope::All => {
            let mut v: Vec<Span> = doc.header.clone();
            v.extend(doc.text_spans().cloned());
            if let Some(f) = &doc.footer {
                v.extend(f.lines.iter().cloned());
            }
            v
        }
    }
}

fn joined(doc: &Document, spans: &[Span]) -> String {
    let mut s = String::new();
    for sp in spans {
        s.push_str(doc.slice(sp));
        s.push('\n');
    }
    s
}

pub fn run(rule: &Rule, ctx: &Ctx, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    let tokens = ctx.tokens;
    match &rule.imp {
        Imp::Phrase { set, cond, token, once } => {
            if !cond.document_ok(ctx) {
                return;
            }
            let mut cache = SentenceCache::default();
            for r in regions(doc, rule.scope.unwrap_or(Scope::Body)) {
                for m in ctx.find(set, &r, token.then_some(tokens)) {
                    if cond.match_ok(ctx, &m, &mut cache) {
                        out.push(Hit::at(m));
                        if *once {
                            return;
                        }
                    }
                }
            }
        }
        Imp::Pattern { re, group, cond, token, once } => {
            if !ctx.may_match(re) || !cond.document_ok(ctx) {
                return;
            }
            let mut cache = SentenceCache::default();
            for r in regions(doc, rule.scope.unwrap_or(Scope::Body)) {
                if !ctx.may_match_in(re, &r) {
                    continue;
                }
                let hay = &doc.text[r.clone()];
                // Whether to stop after the highlight `g` (offsets in `hay`).
                let mut take = |g: std::ops::Range<usize>| {
                    let m = r.start + g.start..r.start + g.end;
                    if m.is_empty() || (*token && !tokens.aligned(&m)) || !cond.match_ok(ctx, &m, &mut cache) {
                        return false;
                    }
                    out.push(Hit::at(m));
                    *once
                };
                if *group == 0 {
                    // The whole match: no capture engine needed (find and
                    // captures report the same matches).
                    for m in re.find_iter(hay) {
                        if take(m.start()..m.end()) {
                            return;
                        }
                    }
                    continue;
                }
                for c in re.captures_iter(hay) {
                    // The highlight is group `group`, or the first group
                    // after it that took part (for `A(x)|(x)B` patterns).
                    let Some(g) = (*group..c.len()).find_map(|i| c.get(i)) else {
                        continue;
                    };
                    if take(g.start()..g.end()) {
                        return;
                    }
                }
            }
        }
        Imp::Metric {
            measure,
            set,
            re,
            token,
            max,
            min,
            max_by_type,
            min_by_type,
            cond,
        } => {
            if !cond.document_ok(ctx) {
                return;
            }
            let scope = rule.scope.unwrap_or(Scope::Body);
            let max = max_by_type.get(&doc.item_type).copied().or(*max);
            let min = min_by_type.get(&doc.item_type).copied().or(*min);
            let units: Vec<(Vec<Span>, Option<Span>)> = match scope {
                Scope::Paragraph | Scope::Sentence => {
                    regions(doc, scope).into_iter().map(|s| (vec![s.clone()], Some(s))).collect()
                }
                Scope::Title => vec![(regions(doc, scope), doc.title.clone())],
                _ => vec![(regions(doc, scope), None)],
            };
            for (spans, at) in units {
                let han: usize = spans.iter().map(|s| han_count(doc.slice(s))).sum();
                let count = || -> usize {
                    spans
                        .iter()
                        .map(|s| {
                            set.as_ref().map_or(0, |p| ctx.count(p, s, token.then_some(tokens)))
                                + re.as_ref()
                                    .filter(|r| ctx.may_match_in(r, s))
                                    .map_or(0, |r| r.find_iter(doc.slice(s)).count())
                        })
                        .sum()
                };
                let value = match measure {
                    Measure::Han => han as f64,
                    Measure::Chars => {
                        spans.iter().map(|s| doc.slice(s).chars().filter(|c| !c.is_whitespace()).count()).sum::<usize>()
                            as f64
                    }
                    Measure::Count => count() as f64,
                    Measure::Density => {
                        if han == 0 {
                            continue;
                        }
                        count() as f64 * 100.0 / han as f64
                    }
                };
                let show = |v: f64| {
                    if *measure == Measure::Density {
                        format!("{v:.1}")
                    } else {
                        format!("{v:.0}")
                    }
                };
                let limit = match (max, min) {
                    (Some(mx), _) if value > mx => Some(mx),
                    (_, Some(mn)) if value < mn => Some(mn),
                    _ => None,
                };
                if let Some(l) = limit {
                    let hit = match &at {
                        Some(s) => Hit::at(s.clone()),
                        None => Hit::doc(doc),
                    };
                    out.push(hit.var("value", show(value)).var("limit", show(l)));
                }
            }
        }
        Imp::Require { any, elements, token, cond, exempt, if_title, at_if_document } => {
            if !cond.document_ok(ctx) || exempt.as_ref().is_some_and(|e| ctx.is_match(e, doc.title_text())) {
                return;
            }
            if let Some(words) = if_title {
                let title = doc.title.clone().unwrap_or(0..0);
                // Whole words only with `match = "token"`.
                if !ctx.find(words, &title, token.then_some(tokens)).iter().any(|m| !doc.is_cited(m, false)) {
                    return;
                }
            }
            let scope = rule.scope.unwrap_or(Scope::Document);
            // Footer `elements` check the fields of a footer that exists; a
            // missing footer is the business of a rule with `regex`/`words`.
            if scope == Scope::Footer && doc.footer.is_none() && any.is_none() {
                return;
            }
            let spans = regions(doc, scope);
            let text = joined(doc, &spans);
            let mut missing = Vec::new();
            if let Some((set, re)) = any {
                // A phrase counts when it survives the per-match conditions
                // (the problem word of 盘活闲置校舍 is no problem).
                let mut cache = SentenceCache::default();
                let found = set.as_ref().is_some_and(|p| {
                    spans.iter().any(|s| {
                        ctx.find(p, s, token.then_some(tokens)).iter().any(|m| cond.match_ok(ctx, m, &mut cache))
                    })
                }) || re.as_ref().is_some_and(|r| {
                    // A regex match counts when it survives the same conditions
                    // (12月5日前 is a deadline, not when something happened).
                    ctx.is_match(r, &text)
                        && spans.iter().any(|s| {
                            r.find_iter(doc.slice(s))
                                .any(|m| cond.match_ok(ctx, &(s.start + m.start()..s.start + m.end()), &mut cache))
                        })
                });
                if !found {
                    missing.push(String::new());
                }
            }
            for (name, re) in elements {
                if !ctx.is_match(re, &text) {
                    missing.push(name.clone());
                }
            }
            if !missing.is_empty() {
                let mut hit = Hit::doc(doc);
                if scope == Scope::Footer {
                    if let Some(l) = doc.footer.as_ref().and_then(|f| f.lines.last()) {
                        hit.span = l.clone();
                    }
                } else if let Some(re) = cond.if_document.as_ref().filter(|_| *at_if_document) {
                    // What the document says instead of the required thing
                    // (我县 for a place name): point at its first occurrence.
                    if let Some(at) = doc
                        .text_spans()
                        .find_map(|s| re.find(doc.slice(s)).map(|m| s.start + m.start()..s.start + m.end()))
                    {
                        hit.span = at;
                    }
                }
                missing.retain(|m| !m.is_empty());
                out.push(hit.var("missing", missing.join("、")));
            }
        }
        Imp::Ratio { a, b, min_a, max_b, token, cond } => {
            if !cond.document_ok(ctx) {
                return;
            }
            let spans = regions(doc, rule.scope.unwrap_or(Scope::Body));
            let t = token.then_some(tokens);
            let na: usize = spans.iter().map(|s| ctx.count(a, s, t)).sum();
            // B matches count when they survive the per-match conditions.
            let mut cache = SentenceCache::default();
            let nb: usize = spans
                .iter()
                .map(|s| ctx.find(b, s, t).iter().filter(|m| cond.match_ok(ctx, m, &mut cache)).count())
                .sum();
            if na >= *min_a && nb <= *max_b {
                out.push(Hit::doc(doc).var("a", na).var("b", nb));
            }
        }
        Imp::TitleBody { check, against, threshold, stop } => title_body(ctx, *check, *against, *threshold, stop, out),
        Imp::Dates {
            check,
            set,
            token,
            max_days,
            max_days_by_type,
            max_minutes,
            exempt,
            cond,
            once,
        } => {
            if exempt.as_ref().is_some_and(|e| ctx.is_match(e, doc.title_text())) {
                return;
            }
            match check {
                DateCheck::Lag => {
                    // Lag is measured against a known report date (footer or
                    // --date); "today" says nothing about when it was sent.
                    if doc.date_source == DateSource::Today {
                        return;
                    }
                    let limit = max_days_by_type.get(&doc.item_type).copied().or(*max_days).unwrap_or(7);
                    let body_start = doc.paragraphs.first().map_or(usize::MAX, |p| p.start);
                    let latest = doc
                        .dates
                        .iter()
                        .filter(|d| {
                            d.span.start >= body_start
                                && !d.deadline
                                && d.kind != DateKind::TimeOnly
                                && d.date <= doc.report_date
                        })
                        .max_by_key(|d| d.end.min(doc.report_date));
                    if let Some(d) = latest {
                        let days = (doc.report_date - d.end.min(doc.report_date)).num_days();
                        if days > limit {
                            out.push(Hit::at(d.span.clone()).var("days", days).var("limit", limit));
                        }
                    }
                }
                DateCheck::Emergency => {
                    let Some(rt) = doc.report_time else { return };
                    let report = doc.report_date.and_time(rt);
                    let body_start = doc.paragraphs.first().map_or(usize::MAX, |p| p.start);
                    let event = doc
                        .dates
                        .iter()
                        .filter(|d| d.span.start >= body_start && !d.deadline)
                        .filter_map(|d| {
                            let mut dt: NaiveDateTime = d.datetime()?;
                            if d.kind == DateKind::TimeOnly && dt > report {
                                dt -= chrono::Duration::days(1);
                            }
                            (dt <= report).then_some((dt, d))
                        })
                        .collect::<Vec<_>>();
                    // The clock starts at the event the lead reports: times in
                    // later paragraphs before it are precursors (事发前，9时32分
                    // 撤出人员), not the event.
                    let lead = event.iter().filter_map(|(_, d)| doc.paragraph_of(d.span.start)).min();
                    let event = event
                        .into_iter()
                        .filter(|(_, d)| lead.is_none() || doc.paragraph_of(d.span.start) == lead)
                        .min_by_key(|(dt, _)| *dt);
                    if let Some((dt, d)) = event {
                        let minutes = (report - dt).num_minutes();
                        if minutes > *max_minutes {
                            // Lateness is a fault of the whole report: shown at
                            // the title, naming the event time it counts from.
                            let at = doc.title.clone().unwrap_or_else(|| d.span.clone());
                            out.push(
                                Hit::at(at)
                                    .var("event", doc.slice(&d.span))
                                    .var("minutes", minutes)
                                    .var("limit", max_minutes)
                                    .var("report", format!("{}", report.format("%-m月%-d日%-H时%M分"))),
                            );
                        }
                    }
                }
                DateCheck::Vague | DateCheck::RelativeYear => {
                    let satisfied = if *check == DateCheck::Vague {
                        doc.dates.iter().any(|d| {
                            matches!(d.kind, DateKind::Full | DateKind::MonthDay | DateKind::DayOnly) && !d.deadline
                        })
                    } else {
                        YEAR_RE.is_match(&ctx.joined)
                    };
                    if satisfied {
                        return;
                    }
                    let mut cache = SentenceCache::default();
                    // `once`: each wording once (the first 去年同期, the first 今年以来).
                    let mut seen: Vec<&str> = Vec::new();
                    for r in regions(doc, rule.scope.unwrap_or(Scope::Document)) {
                        for m in ctx.find(set, &r, token.then_some(tokens)) {
                            let text = doc.slice(&m);
                            if *once && seen.contains(&text) {
                                continue;
                            }
                            if cond.match_ok(ctx, &m, &mut cache) {
                                seen.push(text);
                                out.push(Hit::at(m));
                            }
                        }
                    }
                }
            }
        }
        Imp::Batch => {}
        Imp::Repetition { check, threshold, min_chars } => repetition(doc, *check, *threshold, *min_chars, out),
        Imp::Builtin { check, threshold, set, max, min } => {
            builtin::run(*check, ctx, builtin::Params { threshold: *threshold, set, max: *max, min: *min }, out)
        }
    }
}

static YEAR_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"(?:19|20)\d{2}年|二[〇零][一二三四五六七八九〇零]{2}年").unwrap());

static NUM_RE: LazyLock<Regex> = LazyLock::new(|| crate::re::new(r"\d+(?:\.\d+)?(万亿|万|亿)?").unwrap());

/// Numbers with 万/亿 folded into their value.
fn numbers(s: &str) -> Vec<(std::ops::Range<usize>, f64)> {
    NUM_RE
        .captures_iter(s)
        .filter_map(|c| {
            let m = c.get(0)?;
            let digits = m.as_str().trim_end_matches(['万', '亿']);
            let mut v: f64 = digits.parse().ok()?;
            match c.get(1).map(|u| u.as_str()) {
                Some("万") => v *= 1e4,
                Some("亿") => v *= 1e8,
                Some("万亿") => v *= 1e12,
                _ => {}
            }
            Some((m.range(), v))
        })
        .collect()
}

/// Whether `b` rounds to the title number `num` (as written, with 万/亿) at
/// the precision the title gives: a title rounds 157.3亿 to 157亿, 3.2156万 to 3.2万.
fn rounds_to(b: f64, num: &str) -> bool {
    let digits = num.trim_end_matches(['万', '亿']);
    let scale = match &num[digits.len()..] {
        "万" => 1e4,
        "亿" => 1e8,
        "万亿" => 1e12,
        _ => 1.0,
    };
    let Ok(t) = digits.parse::<f64>() else { return false };
    let decimals = digits.split_once('.').map_or(0, |(_, f)| f.len()) as i32;
    let half = 0.5 * 10f64.powi(-decimals);
    // Only a body figure more precise than the title is rounded; 157亿 against 157.3亿 in the title is not.
    let rounded_away = (b / scale - t).abs();
    rounded_away > 1e-9 && rounded_away <= half + 1e-9 && t >= 10.0f64.powi(1 - decimals).min(10.0)
}

/// How a title number must be matched in the body.
#[derive(Debug, PartialEq)]
enum TitleNumber {
    /// Exactly (up to unit folding).
    Exact,
    /// Approximately: 超5000万吨, 近3万人, 57%以上, 300余家 (±25%).
    Approx,
    /// Not checked: ordinals (第19届), numbers in a 【column tag】, a year
    /// when the body names no year at all (nothing to contradict).
    Skip,
}

static YEAR_IN_RE: LazyLock<Regex> = LazyLock::new(|| crate::re::new(r"(?:19|20)\d{2}年").unwrap());

fn title_number(title: &str, r: &std::ops::Range<usize>, body: &str) -> TitleNumber {
    let before = &title[..r.start];
    let after = &title[r.end..];
    let tag_end = if title.starts_with('【') {
        title.find('】').unwrap_or(0)
    } else {
        0
    };
    // Ordinals, anniversaries (80周年) and numbers inside a book title (《…2026年…》).
    let in_book_title = crate::document::inside_book_title(title, r.start);
    if r.start < tag_end || before.ends_with('第') || after.starts_with("周年") || in_book_title {
        return TitleNumber::Skip;
    }
    // 连续3周回落: a run counted from the body's dates, which rarely says
    // 3周 itself; checked only when the body states a run of its own.
    if before.ends_with("连续") && !body.contains("连续") {
        return TitleNumber::Skip;
    }
    let num = &title[r.clone()];
    if num.len() == 4
        && (num.starts_with("19") || num.starts_with("20"))
        && after.starts_with('年')
        && !YEAR_IN_RE.is_match(body)
    {
        return TitleNumber::Skip;
    }
    let approx_before = ["超", "超过", "逾", "近", "约", "突破", "破", "达"].iter().any(|w| before.ends_with(w));
    let approx_after =
        ["多", "余", "以上", "左右"].iter().any(|w| after.trim_start_matches(['%', '％']).starts_with(w));
    if approx_before || approx_after {
        TitleNumber::Approx
    } else {
        TitleNumber::Exact
    }
}

fn title_body(ctx: &Ctx, check: TitleCheck, against: Scope, threshold: f64, stop: &PhraseSet, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    let Some(title) = doc.title.clone() else { return };
    if doc.paragraphs.is_empty() {
        return;
    }
    let spans = regions(doc, against);
    let body = joined(doc, &spans);
    let title_text = doc.slice(&title);
    match check {
        TitleCheck::Numbers => {
            let body_nums: Vec<f64> = numbers(&body).into_iter().map(|(_, v)| v).collect();
            // Counted body figures (in hundredths, by the counter after them),
            // to find a title figure that is the sum of two of them with the
            // same counter (土叙至少11人遇难 = 6人 + 5人) in linear time.
            let counter = |text: &str, end: usize| {
                text[end..].chars().next().filter(|c| crate::document::is_han(*c) && !"年月日号时分秒".contains(*c))
            };
            let key = |x: f64| (x * 100.0).round() as i64;
            let mut counted: std::collections::HashMap<(char, i64), usize> = std::collections::HashMap::new();
            let mut body_counted = Vec::new();
            for (r, b) in numbers(&body) {
                if let Some(c) = counter(&body, r.end) {
                    *counted.entry((c, key(b))).or_default() += 1;
                    body_counted.push((c, b));
                }
            }
            let sum_of_two = |c: char, v: f64| {
                body_counted.iter().any(|&(u, b)| {
                    u == c && b < v && {
                        let rest = key(v - b);
                        counted.get(&(c, rest)).is_some_and(|&n| n >= 1 + usize::from(rest == key(b)))
                    }
                })
            };
            for (r, v) in numbers(title_text) {
                let how = title_number(title_text, &r, &body);
                let close = |b: &f64| match how {
                    TitleNumber::Exact => {
                        (b - v).abs() <= 1e-9 * v.abs().max(1.0) || rounds_to(*b, &title_text[r.clone()])
                    }
                    TitleNumber::Approx => *b >= v * 0.8 && *b <= v * 1.25,
                    TitleNumber::Skip => true,
                };
                // A small count the body gives one by one (2家企业 ~ A公司、B公司).
                let listed = how == TitleNumber::Exact && v.fract() == 0.0 && (2.0..=20.0).contains(&v) && {
                    let n = v as usize;
                    body.split(['，', '。', '；', '：', '\n']).any(|c| listed_items(c) == n)
                };
                if how != TitleNumber::Skip
                    && !listed
                    && !body_nums.iter().any(close)
                    && !(how == TitleNumber::Exact && counter(title_text, r.end).is_some_and(|c| sum_of_two(c, v)))
                {
                    out.push(Hit::at(title.start + r.start..title.start + r.end).var("number", &title_text[r]));
                }
            }
        }
        TitleCheck::Coverage => {
            let mut stops = ctx.find(stop, &title, None);
            // A leading column tag (【在希望的田野上】) is not part of the title.
            if title_text.starts_with('【') {
                if let Some(e) = title_text.find('】') {
                    stops.push(title.start..title.start + e + '】'.len_utf8());
                }
            }
            let words: Vec<&str> = ctx
                .tokens
                .within(&title)
                .iter()
                .filter(|t| {
                    // Places and times (白沙县, 冬季) recur in almost any body:
                    // they say nothing about whether the body is on topic.
                    let pos = ctx.tokens.pos(doc.slice(&t.span));
                    pos.is_content() && !matches!(pos.as_str(), "ns" | "t") && doc.slice(&t.span).chars().count() >= 2
                })
                .filter(|t| !doc.slice(&t.span).chars().all(|c| c.is_ascii_digit() || c == '.'))
                .filter(|t| !stops.iter().any(|s| s.start <= t.span.start && t.span.end <= s.end))
                .map(|t| doc.slice(&t.span))
                .collect();
            if words.len() < 2 {
                return;
            }
            // A two-character word counts only as a word of the body, on token
            // boundaries: 旅游 inside 文化和旅游局 does not make a body about tourism.
            let in_body = |w: &str| {
                if w.chars().count() > 2 {
                    return body.contains(w);
                }
                spans.iter().any(|s| {
                    doc.slice(s).match_indices(w).any(|(o, _)| {
                        let a = s.start + o;
                        ctx.tokens.is_boundary(a) && ctx.tokens.is_boundary(a + w.len())
                    })
                })
            };
            let missing: Vec<&str> = words.iter().copied().filter(|w| !in_body(w)).collect();
            let coverage = 1.0 - missing.len() as f64 / words.len() as f64;
            if coverage < threshold {
                out.push(
                    Hit::at(title)
                        .var("coverage", format!("{:.0}%", coverage * 100.0))
                        .var("missing", missing.join("、")),
                );
            }
        }
    }
}

/// The multiset of character bigrams of the Han and alphanumeric
/// characters of a text, as sorted `(bigram, count)` pairs: comparing two
/// is a merge, with no hashing.
#[derive(Debug, Clone, Default)]
pub(crate) struct Bigrams {
    counts: Vec<(u64, u32)>,
    total: usize,
}

impl Bigrams {
    pub(crate) fn of(s: &str) -> Bigrams {
        let mut keys: Vec<u64> = Vec::with_capacity(s.len() / 3);
        let mut prev: Option<char> = None;
        for c in s.chars().filter(|&c| crate::document::is_word_char(c)) {
            if let Some(p) = prev {
                keys.push((p as u64) << 32 | c as u64);
            }
            prev = Some(c);
        }
        let total = keys.len();
        keys.sort_unstable();
        let mut counts: Vec<(u64, u32)> = Vec::with_capacity(keys.len());
        for k in keys {
            match counts.last_mut() {
                Some((last, n)) if *last == k => *n += 1,
                _ => counts.push((k, 1)),
            }
        }
        Bigrams { counts, total }
    }

    /// Number of bigrams (with repeats).
    pub(crate) fn total(&self) -> usize {
        self.total
    }

    /// Size of the multiset intersection.
    pub(crate) fn common(&self, other: &Bigrams) -> usize {
        self.common_while(other, |_| true).unwrap_or_default()
    }

    /// [`Bigrams::common`], or `None` as soon as `reachable` is false for
    /// the most it can still come to.
    fn common_while(&self, other: &Bigrams, reachable: impl Fn(usize) -> bool) -> Option<usize> {
        let (a, b) = (&self.counts, &other.counts);
        let (mut i, mut j, mut common) = (0, 0, 0usize);
        // Bigrams (with repeats) in `a[i..]` and `b[j..]`.
        let (mut left_a, mut left_b) = (self.total, other.total);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => {
                    left_a -= a[i].1 as usize;
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    left_b -= b[j].1 as usize;
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    common += a[i].1.min(b[j].1) as usize;
                    left_a -= a[i].1 as usize;
                    left_b -= b[j].1 as usize;
                    i += 1;
                    j += 1;
                    continue;
                }
            }
            if !reachable(common + left_a.min(left_b)) {
                return None;
            }
        }
        Some(common)
    }

    /// An upper bound of [`Bigrams::dice`] from the sizes alone.
    pub(crate) fn dice_bound(&self, other: &Bigrams) -> f64 {
        let n = self.total + other.total;
        if n == 0 {
            return 0.0;
        }
        2.0 * self.total.min(other.total) as f64 / n as f64
    }

    /// [`Bigrams::dice`] if it is at least `threshold`, found without
    /// finishing the merge when it cannot be.
    pub(crate) fn dice_at_least(&self, other: &Bigrams, threshold: f64) -> Option<f64> {
        let n = self.total + other.total;
        if n == 0 {
            return (0.0 >= threshold).then_some(0.0);
        }
        // The same expression as the result, so that the bound is exact.
        let dice = |common: usize| 2.0 * common as f64 / n as f64;
        let d = dice(self.common_while(other, |most| dice(most) >= threshold)?);
        (d >= threshold).then_some(d)
    }

    /// Dice coefficient.
    pub(crate) fn dice(&self, other: &Bigrams) -> f64 {
        let n = self.total + other.total;
        if n == 0 {
            return 0.0;
        }
        2.0 * self.common(other) as f64 / n as f64
    }
}

fn repetition(doc: &Document, check: RepeatCheck, threshold: f64, min_chars: usize, out: &mut Vec<Hit>) {
    match check {
        RepeatCheck::TitleLead => {
            let (Some(title), Some(first)) = (&doc.title, doc.sentences.first()) else {
                return;
            };
            let sim = Bigrams::of(doc.slice(title)).dice(&Bigrams::of(doc.slice(&first.span)));
            if sim >= threshold {
                out.push(Hit::at(first.span.clone()).var("similarity", format!("{:.0}%", sim * 100.0)));
            }
        }
        RepeatCheck::Sentences => {
            let sents: Vec<(&Span, Bigrams)> = doc
                .sentences
                .iter()
                .filter(|s| han_count(doc.slice(&s.span)) >= min_chars)
                .map(|s| (&s.span, Bigrams::of(doc.slice(&s.span))))
                .collect();
            // Near-duplicates are compared pairwise only for draft-sized
            // documents; beyond that only exact repeats are reported.
            let pairwise = sents.len() <= 400;
            // Exact repeats: the first repeat is reported at the first
            // occurrence (naming the line of the copy), since the two are the
            // same sentence; a third copy is reported where it stands.
            let mut seen: HashMap<&str, (usize, bool)> = HashMap::new();
            for (j, (sj, bj)) in sents.iter().enumerate() {
                let text = doc.slice(sj).trim_end_matches(['。', '！', '？', '；']);
                if let Some((i, reported)) = seen.get_mut(text) {
                    let first = sents[*i].0;
                    if *reported {
                        out.push(Hit::at((*sj).clone()).var("similarity", "100%").line_var("line", first.start));
                    } else {
                        *reported = true;
                        out.push(Hit::at(first.clone()).var("similarity", "100%").line_var("line", sj.start));
                    }
                    continue;
                }
                seen.insert(text, (j, false));
                if !pairwise {
                    continue;
                }
                // Pairs whose sizes alone keep them below the threshold
                // cannot change a best at or above it.
                // The most similar earlier sentence (the first of equals).
                let best = sents[..j]
                    .iter()
                    .filter(|(_, bi)| bi.dice_bound(bj) >= threshold)
                    .filter_map(|(si, bi)| Some((bi.dice_at_least(bj, threshold)?, si.start)))
                    .fold(None, |b: Option<(f64, usize)>, x| if b.is_some_and(|b| b.0 >= x.0) { b } else { Some(x) });
                // Parallel sentences that give different figures (女职工
                // 50周岁…55周岁, 55周岁…58周岁) state different facts.
                let best = best.filter(|&(_, at)| {
                    let earlier = sents[..j].iter().find(|(si, _)| si.start == at).map_or("", |(si, _)| doc.slice(si));
                    same_figures(earlier, doc.slice(sj))
                });
                if let Some((best, at)) = best {
                    out.push(
                        Hit::at((*sj).clone()).var("similarity", format!("{:.0}%", best * 100.0)).line_var("line", at),
                    );
                }
            }
        }
    }
}

/// How many items a clause lists with 、 when every item ends in the same
/// word (南屿青鸟文化旅游公司、澄江研学教育公司 → 2); 0 when it lists none.
fn listed_items(clause: &str) -> usize {
    let parts: Vec<&str> = clause.split('、').collect();
    if parts.len() < 2 {
        return 0;
    }
    let first = parts[0];
    // The shared word: the last two characters (公司, 医院), or one that
    // names a kind of place or unit (村, 镇, 厂).
    let two = first.char_indices().rev().nth(1).map(|(at, _)| &first[at..]);
    let one = first.char_indices().next_back().map(|(at, _)| &first[at..]);
    let shared =
        |suffix: &str| suffix.chars().all(crate::document::is_han) && parts[1..].iter().all(|p| p.contains(suffix));
    let ok = two.is_some_and(shared) || one.is_some_and(|o| "村镇乡厂站所院校店局馆园区县市".contains(o) && shared(o));
    if ok {
        parts.len()
    } else {
        0
    }
}

/// Whether two sentences give the same figures (digit runs, in order), or
/// one of them gives none.
fn same_figures(a: &str, b: &str) -> bool {
    let figures = |t: &str| -> Vec<String> {
        t.split(|c: char| !(c.is_ascii_digit() || c == '.'))
            .filter(|f| f.bytes().any(|b| b.is_ascii_digit()))
            .map(str::to_string)
            .collect()
    };
    let (fa, fb) = (figures(a), figures(b));
    fa.is_empty() || fb.is_empty() || fa == fb
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_listed_one_by_one() {
        assert_eq!(listed_items("白鹭镇与南屿青鸟文化旅游公司、澄江研学教育公司分别达成投资意向"), 2);
        assert_eq!(listed_items("河口村、柳林村、东坡村建成卫生室"), 3);
        assert_eq!(listed_items("张明、李华参加"), 0);
        assert_eq!(listed_items("没有顿号"), 0);
    }

    #[test]
    fn parallel_sentences_with_other_figures_are_no_repeat() {
        assert!(!same_figures(
            "原退休年龄为50周岁的女职工，每2个月延迟1个月，逐步延迟至55周岁。",
            "原退休年龄为55周岁的女职工，每4个月延迟1个月，逐步延迟至58周岁。"
        ));
        assert!(same_figures("东城县建成便民服务点46个。", "东城县建成便民服务点46个，覆盖全部行政村。"));
        assert!(same_figures("东城县建成便民服务点46个。", "东城县建成了便民服务点。"));
    }

    #[test]
    fn dice_at_least_is_dice_above_the_threshold() {
        // Texts over a small alphabet, so that pairs share many bigrams.
        let mut seed = 7u64;
        let mut next = move || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let chars: Vec<char> = "东城县收购秋粮万吨12。".chars().collect();
        let texts: Vec<String> =
            (0..60).map(|_| (0..next() % 40).map(|_| chars[next() % chars.len()]).collect()).collect();
        let bigrams: Vec<Bigrams> = texts.iter().map(|t| Bigrams::of(t)).collect();
        let mut kept = 0;
        for a in &bigrams {
            for b in &bigrams {
                for t in [0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0] {
                    let d = a.dice(b);
                    assert_eq!(a.dice_at_least(b, t), (d >= t).then_some(d), "{t}");
                    kept += usize::from(d >= t);
                }
            }
        }
        assert!(kept > 1000 && kept < 8 * 60 * 60 - 1000, "{kept}");
    }

    #[test]
    fn title_numbers() {
        let r = |t: &str, n: &str| {
            let i = t.find(n).unwrap();
            i..i + n.len()
        };
        let t = "【杭州第19届亚运会】小麦收购超5000万吨";
        assert_eq!(title_number(t, &r(t, "19"), ""), TitleNumber::Skip);
        assert_eq!(title_number(t, &r(t, "5000万"), ""), TitleNumber::Approx);
        let t = "2022年全国安全生产月启动";
        assert_eq!(title_number(t, &r(t, "2022"), "今年的安全生产月"), TitleNumber::Skip);
        assert_eq!(title_number(t, &r(t, "2022"), "2021年以来"), TitleNumber::Exact);
        let v: Vec<f64> = numbers("12万亿元").into_iter().map(|x| x.1).collect();
        assert_eq!(v, vec![12e12]);
    }

    #[test]
    fn lag_needs_a_known_report_date() {
        use crate::check::{CheckOptions, Linter};
        use crate::document::ItemType;
        use crate::rules::RuleSet;
        use crate::source::SourceFile;
        use chrono::NaiveDate;
        let linter = Linter::new(RuleSet::embedded().unwrap());
        let i = linter.rules.rules.iter().position(|r| r.id == "timeliness.stale-event").unwrap();
        let run = |date: Option<NaiveDate>| {
            let text = "东城县举办招聘会\n2026年10月20日，东城县人社局举办招聘会。\n";
            let src = SourceFile::from_text("t.txt", text.to_string(), "UTF-8");
            let opts = CheckOptions {
                item_type: Some(ItemType::Dynamic),
                report_date: date,
                today: NaiveDate::from_ymd_opt(2026, 11, 20),
            };
            let doc = linter.extract(&src, &opts);
            let tokens = linter.segmenter.segment(&doc);
            linter.hits(&doc, &tokens).iter().filter(|(r, _)| *r == i).count()
        };
        assert_eq!(run(NaiveDate::from_ymd_opt(2026, 11, 20)), 1);
        assert_eq!(run(None), 0);
    }
}
