//! Built-in content checks (truth, detail, breadth): number arithmetic,
//! attendance lists, coverage of a 综合 item.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::super::kinds::Ctx;
use super::super::Hit;
use super::Params;
use crate::document::{is_han, Document, Span};
use crate::re::Regex;

/// Measure words a counted quantity may carry (longest first where one is a
/// prefix of another).
const UNITS: &str = "人次|人|户|家|件|项|个|元|吨|亩|套|座|所|名|条|批|辆|台|处|场|公里|千米|平方米|米|张|起|份|栋|间|头|只|羽|匹|株|棵|例|宗|笔|次|千瓦|立方米|公顷|年";

/// Whether two measure words count the same things: livestock and poultry
/// are counted in 头, 只, 羽 and 匹 within one total (免疫畜禽186.4万头（只）).
fn same_unit(a: &str, b: &str) -> bool {
    const ANIMALS: [&str; 4] = ["头", "只", "羽", "匹"];
    a == b || (ANIMALS.contains(&a) && ANIMALS.contains(&b))
}

/// A quantity: number with 万/亿 folded in, and its unit.
#[derive(Debug, Clone)]
struct Qty {
    span: Span,
    value: f64,
    unit: String,
}

static QTY_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(&format!(r"(\d+(?:\.\d+)?)(万|亿)?({UNITS})")).unwrap());

/// Quantities in `s` (offsets relative to `s`). Percentages and dates are
/// not quantities; `2026年` (a year) is skipped.
fn quantities(s: &str) -> Vec<Qty> {
    let mut out = Vec::new();
    for c in QTY_RE.captures_iter(s) {
        let m = c.get(0).unwrap();
        // Part of a longer number or a decimal such as 3.5: skip when the
        // match starts right after a digit or a dot.
        if s[..m.start()].ends_with(|ch: char| ch.is_ascii_digit() || ch == '.') {
            continue;
        }
        let unit = c.get(3).unwrap().as_str();
        if unit == "年" {
            continue;
        }
        // 3个工作日, 5个百分点 … are fine as units; 12个月 is a duration.
        let Some(mut v) = parse_num(&c[1]) else { continue };
        match c.get(2).map(|u| u.as_str()) {
            Some("万") => v *= 1e4,
            Some("亿") => v *= 1e8,
            _ => {}
        }
        let mut unit = unit.to_string();
        // 12万元 and 1.2亿元 compare as 元; 3个工作日 is not 3个.
        let after = &s[m.end()..];
        if unit == "个" && after.starts_with(|ch: char| "工月小百分".contains(ch)) {
            continue;
        }
        if unit == "人" && after.starts_with('次') {
            unit = "人次".into();
        }
        out.push(Qty { span: m.range(), value: v, unit });
    }
    out
}

/// A number written with ASCII or full-width digits (１４, ３．５).
fn parse_num(s: &str) -> Option<f64> {
    if s.is_ascii() {
        return s.parse().ok();
    }
    let ascii: String = s
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            c => c,
        })
        .collect();
    ascii.parse().ok()
}

/// Sentence spans of the body, in order.
fn sentences(doc: &Document) -> Vec<Span> {
    doc.sentences.iter().map(|s| s.span.clone()).collect()
}

static TOTAL_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"共有|共计|总计|合计|累计|总共|一共|总数|现有|共").unwrap());

static AMONG_RE: LazyLock<Regex> = LazyLock::new(|| crate::re::new(r"其中").unwrap());

/// A sentence that opens on a subset of things counted in the sentence
/// before (检查的企业中，这些农户中，): the counted noun is group 1. Not
/// 检查中 (during the check).
static SUBSET_LEAD_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"^(?:[^，。；]{0,10}的|这些|上述|以上)([^，。；的\d]{1,8})中[，：]").unwrap());

/// `对全县34个粮食仓储企业开展检查。检查的企业中，国有粮库21个、民营企业16个`:
/// the parts of the subset sentence add up to more than the count of the
/// same things in the sentence before.
fn subset_exceeds_total(doc: &Document, sents: &[Span], out: &mut Vec<Hit>) {
    for w in sents.windows(2) {
        let (s, n) = (&w[0], &w[1]);
        let next = doc.slice(n);
        let Some(c) = SUBSET_LEAD_RE.captures(next) else {
            continue;
        };
        let noun = c.get(1).map_or("", |m| m.as_str());
        let noun = noun.trim_start_matches(['各', '全']);
        if noun.chars().count() < 2 {
            continue;
        }
        let text = doc.slice(s);
        // The whole: a count right before the noun (34个粮食仓储企业).
        let Some(total) = quantities(text).into_iter().find(|q| {
            let after = &text[q.span.end..];
            let near = crate::facts::head(after, 10);
            near.contains(noun) && !near[..near.find(noun).unwrap_or(0)].contains(['，', '、', '；'])
        }) else {
            continue;
        };
        let from = c.get(0).map_or(0, |m| m.end());
        let list = &next[from..];
        let parts: Vec<Qty> = quantities(list).into_iter().filter(|q| same_unit(&q.unit, &total.unit)).collect();
        if parts.len() < 2 {
            continue;
        }
        let sum: f64 = parts.iter().map(|q| q.value).sum();
        if sum > total.value * 1.0005 + 1e-9 {
            let last = parts.last().unwrap();
            let total_text = written(text, &total);
            let scale = scale_of(&total_text, parts.iter().map(|q| &list[q.span.clone()]));
            out.push(
                Hit::at(n.start..n.start + from + last.span.end)
                    .var("total", total_text)
                    .var("sum", fmt_in(sum, &total.unit, scale)),
            );
        }
    }
}

/// `共N…，其中a、b、c`: the parts after 其中 (same unit, same or next
/// sentence) add up to more than the total.
pub fn parts_exceed_total(ctx: &Ctx, _p: &Params, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    parts_exceed_total_in(doc, out);
    breakdown_exceeds_total(doc, out);
    bare_total_among(doc, out);
    let sents = sentences(doc);
    subset_exceeds_total(doc, &sents, out);
    for (i, s) in sents.iter().enumerate() {
        let text = doc.slice(s);
        // The parts follow 其中, in this sentence or at the start of the next.
        if !text.contains("其中") && !sents.get(i + 1).is_some_and(|n| doc.slice(n).starts_with("其中")) {
            continue;
        }
        for t in TOTAL_RE.find_iter(text) {
            // The total: the first quantity within 14 characters after 共.
            let rest = &text[t.end()..];
            let Some(total) = quantities(rest).into_iter().next() else {
                continue;
            };
            if rest[..total.span.start].chars().count() > 14 || rest[..total.span.start].contains(['，', '、', '；'])
            {
                continue;
            }
            let total_end = t.end() + total.span.end;
            // 其中 in the rest of this sentence, else at the start of the next.
            let (among_text, among_base) = match AMONG_RE.find(&text[total_end..]) {
                Some(a) => {
                    let from = total_end + a.end();
                    (&text[from..], s.start + from)
                }
                None => match sents.get(i + 1) {
                    Some(n) if doc.slice(n).starts_with("其中") => {
                        (&doc.slice(n)["其中".len()..], n.start + "其中".len())
                    }
                    _ => continue,
                },
            };
            // Parts: same-unit quantities up to the end of the clause list;
            // stop at a nested 其中 or at a following total.
            let stop = AMONG_RE
                .find(among_text)
                .map(|m| m.start())
                .into_iter()
                .chain(TOTAL_RE.find(among_text).map(|m| m.start()))
                .min()
                .unwrap_or(among_text.len());
            let parts: Vec<Qty> =
                quantities(&among_text[..stop]).into_iter().filter(|q| same_unit(&q.unit, &total.unit)).collect();
            if parts.len() < 2 {
                continue;
            }
            let sum: f64 = parts.iter().map(|q| q.value).sum();
            if sum > total.value * 1.0005 + 1e-9 {
                let last = parts.last().unwrap();
                let span = s.start + t.start()..among_base + last.span.end;
                let total_text = written(rest, &total);
                let scale = scale_of(&total_text, parts.iter().map(|q| &among_text[q.span.clone()]));
                out.push(Hit::at(span).var("total", total_text).var("sum", fmt_in(sum, &total.unit, scale)));
            }
        }
    }
}

static TOTAL_IN_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(&format!(
        r"(?:在|全县|全区|全市|全镇|全乡)?(\d+(?:\.\d+)?)(万|亿)?({UNITS})[\p{{Han}}]{{0,8}}?中[，：:]"
    ))
    .unwrap()
});

/// `43所学校中，食堂供餐的31所，企业配餐的9所，家庭托餐的6所`: the parts
/// listed after a `N…中，` total add up to more than it.
fn parts_exceed_total_in(doc: &Document, out: &mut Vec<Hit>) {
    for s in sentences(doc) {
        let text = doc.slice(&s);
        // The total ends in 中.
        if !text.contains('中') {
            continue;
        }
        for c in TOTAL_IN_RE.captures_iter(text) {
            let Some(total) = scaled(&c[1], c.get(2)) else { continue };
            let unit = &c[3];
            let m = c.get(0).unwrap();
            let total_text = &text[c.get(1).unwrap().start()..c.get(3).unwrap().end()];
            if text[..m.start()].ends_with(|ch: char| ch.is_ascii_digit() || ch == '.') {
                continue;
            }
            let rest = &text[m.end()..];
            let stop = AMONG_RE
                .find(rest)
                .map(|m| m.start())
                .into_iter()
                .chain(TOTAL_RE.find(rest).map(|m| m.start()))
                .chain(TOTAL_IN_RE.find(rest).map(|m| m.start()))
                .min()
                .unwrap_or(rest.len());
            let parts: Vec<Qty> = quantities(&rest[..stop]).into_iter().filter(|q| same_unit(&q.unit, unit)).collect();
            if parts.len() < 2 {
                continue;
            }
            let sum: f64 = parts.iter().map(|q| q.value).sum();
            if sum > total * 1.0005 + 1e-9 {
                let first = &parts[0];
                let last = parts.last().unwrap();
                let base = s.start + m.end();
                let scale = scale_of(total_text, parts.iter().map(|q| &rest[q.span.clone()]));
                out.push(
                    Hit::at(base + first.span.start..base + last.span.end)
                        .var("total", total_text)
                        .var("sum", fmt_in(sum, unit, scale)),
                );
            }
        }
    }
}

static BREAKDOWN_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"^(?:从|分|按)[^，。；：:\d]{0,6}?(?:类型|类别|行业|领域|乡镇|街道|区域|地区|区县|县区|规模|年龄段?|性别|来源|渠道|性质|结构|方式|档次|等级|学段|产业|群体|人群|险种|户籍|岗位|专业|科室|病种|主体)(?:来看|看|划分|分)[，：:]").unwrap()
});
/// A change, not a part: 增加45件, 同比减少12家, 比上年多3个.
static CHANGE_BEFORE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(?:增加|增长|增|减少|减|降低|下降|降|上升|升|提高|多|少|比|超过|超|高|低|同比)[了为至到]?$")
        .unwrap()
});

/// `排查发现问题58处，其中乱占21处、乱采14处、乱堆19处、乱建11处`: a total
/// written without 共 (the quantity right before `，其中`) and parts that add
/// up to more. Totals with 共/累计 are the main check's. Figures of another
/// unit may come before it in the sentence (发放贷款1.85亿元，扶持1126户，其中…).
fn bare_total_among(doc: &Document, out: &mut Vec<Hit>) {
    for s in sentences(doc) {
        let text = doc.slice(&s);
        if !text.contains("其中") {
            continue;
        }
        for a in AMONG_RE.find_iter(text) {
            let before = text[..a.start()].trim_end_matches(['，', ',']);
            let clause_start = before.rfind(['，', '；', '：', '。']).map_or(0, |i| i + '，'.len_utf8());
            let clause = &before[clause_start..];
            // The total must open the sentence (after a date or a lead-in
            // without figures) and state a level, not a change.
            if TOTAL_RE.is_match(clause) || CHANGE_WORD_RE.is_match(clause) {
                continue;
            }
            let Some(total) = quantities(clause).into_iter().last().filter(|q| q.span.end == clause.len()) else {
                continue;
            };
            // An earlier quantity of the same unit may be the real total
            // (发放贷款1.85亿元，扶持1126户，其中… has none: 元 is not 户).
            if quantities(&before[..clause_start]).iter().any(|q| same_unit(&q.unit, &total.unit)) {
                continue;
            }
            let rest = &text[a.end()..];
            let stop = AMONG_RE
                .find(rest)
                .into_iter()
                .chain(TOTAL_RE.find(rest))
                .map(|m| m.start())
                .chain(rest.find('；'))
                .min()
                .unwrap_or(rest.len());
            let parts: Vec<Qty> = quantities(&rest[..stop])
                .into_iter()
                .filter(|q| same_unit(&q.unit, &total.unit) && !is_change_or_rate(&rest[..q.span.start]))
                // One amount larger than the whole is another measure (每人
                // 缴纳60元，其中…，全年筹集187.56万元), not a part.
                .filter(|q| q.value <= total.value)
                .collect();
            let sum: f64 = parts.iter().map(|q| q.value).sum();
            if parts.len() >= 2 && sum > total.value * 1.0005 + 1e-9 {
                let base = s.start + a.end();
                let total_text = written(clause, &total);
                let scale = scale_of(&total_text, parts.iter().map(|q| &rest[q.span.clone()]));
                out.push(
                    Hit::at(base + parts[0].span.start..base + parts[parts.len() - 1].span.end)
                        .var("total", total_text)
                        .var("sum", fmt_in(sum, &total.unit, scale)),
                );
            }
        }
    }
}

static CHANGE_WORD_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"增加|增长|减少|下降|提高|降低|上升|比上年|同比|比去年").unwrap());
/// Per-unit amounts (每月3000元, 每人1500元).
static PER_UNIT_RE: LazyLock<Regex> = LazyLock::new(|| crate::re::new(r"每[\p{Han}]{0,3}$").unwrap());

/// Whether a quantity after `before` is a change (增加45件) or a per-unit
/// amount (每月3000元) rather than a part of a total.
fn is_change_or_rate(before: &str) -> bool {
    let b = before.trim_end();
    CHANGE_BEFORE_RE.is_match(b) || PER_UNIT_RE.is_match(b)
}

static IN_AFTER_RE: LazyLock<Regex> = LazyLock::new(|| crate::re::new(r"^[\p{Han}]{0,8}?中").unwrap());

/// `共受理诉求1380件 … 从诉求类型看，A的862件，B的417件，C的245件`: a
/// sentence that breaks a total down by one dimension (从类型看, 分乡镇看,
/// 按规模分 — a partition, not an aspect such as 从效果看)
/// lists parts of the same unit that add up to more than every quantity of
/// that unit stated before it.
fn breakdown_exceeds_total(doc: &Document, out: &mut Vec<Hit>) {
    let sents = sentences(doc);
    // Most documents break nothing down: then no totals need collecting.
    if !sents.iter().any(|s| BREAKDOWN_RE.is_match(doc.slice(s))) {
        return;
    }
    let mut totals: Vec<Qty> = Vec::new();
    for s in &sents {
        let text = doc.slice(s);
        // A sentence with its own total (52家企业中，…) is the other checks' case.
        if let Some(b) = BREAKDOWN_RE.find(text).filter(|_| !TOTAL_IN_RE.is_match(text)) {
            let rest = &text[b.end()..];
            let stop = AMONG_RE.find(rest).into_iter().chain(TOTAL_RE.find(rest)).map(|m| m.start()).min();
            let stop = stop.unwrap_or(rest.len());
            let parts: Vec<Qty> = quantities(&rest[..stop])
                .into_iter()
                .filter(|q| !CHANGE_BEFORE_RE.is_match(&rest[..q.span.start]))
                // 52家企业中…: a total of its own, not a part.
                .filter(|q| !IN_AFTER_RE.is_match(&rest[q.span.end..]))
                .collect();
            let mut units: Vec<&str> = parts.iter().map(|q| q.unit.as_str()).collect();
            units.sort_unstable();
            units.dedup();
            for unit in units {
                let mine: Vec<&Qty> = parts.iter().filter(|q| same_unit(&q.unit, unit)).collect();
                // The largest (the first of equals); spans are document offsets.
                let Some(total) =
                    totals.iter().filter(|t| t.unit == unit).reduce(|a, b| if b.value > a.value { b } else { a })
                else {
                    continue;
                };
                let (total_text, total) = (written(&doc.text, total), total.value);
                let sum: f64 = mine.iter().map(|q| q.value).sum();
                if mine.len() >= 2 && sum > total * 1.0005 + 1e-9 {
                    let base = s.start + b.end();
                    let scale = scale_of(&total_text, mine.iter().map(|q| &rest[q.span.clone()]));
                    out.push(
                        Hit::at(base + mine[0].span.start..base + mine[mine.len() - 1].span.end)
                            .var("total", total_text)
                            .var("sum", fmt_in(sum, unit, scale)),
                    );
                }
            }
        }
        // Any quantity stated earlier may be the total broken down: fire
        // only when the parts exceed the largest of them.
        totals.extend(
            quantities(text)
                .into_iter()
                .map(|q| Qty { span: s.start + q.span.start..s.start + q.span.end, ..q }),
        );
    }
}

/// A quantity as the draft writes it (`3434.5亿元`, `3.2万人次`); `s` is
/// the text its span is relative to.
fn written(s: &str, q: &Qty) -> String {
    let t = &s[q.span.clone()];
    if q.unit == "人次" && !t.ends_with("人次") {
        format!("{t}次")
    } else {
        t.to_string()
    }
}

/// The scale (万 or 亿) a computed figure is shown in: the total's, else the
/// largest one the parts are written in.
fn scale_of<'a>(total: &str, parts: impl Iterator<Item = &'a str>) -> Option<&'static str> {
    let scale = |t: &str| {
        let after = t.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | '．' | '０'..='９'));
        if after.starts_with('亿') {
            Some("亿")
        } else if after.starts_with('万') {
            Some("万")
        } else {
            None
        }
    };
    scale(total).or_else(|| parts.filter_map(scale).max_by_key(|s| *s == "亿"))
}

/// A computed value in the draft's scale: `3500亿元`, not `350000000000元`.
fn fmt_in(v: f64, unit: &str, scale: Option<&str>) -> String {
    let (v, scale) = match scale {
        Some("亿") => (v / 1e8, "亿"),
        Some("万") => (v / 1e4, "万"),
        _ => (v, ""),
    };
    let s = if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.4}").trim_end_matches('0').trim_end_matches('.').to_string()
    };
    format!("{s}{scale}{unit}")
}

static CHANGE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(?:由|从)(?:原来的|原先的|过去的|以前的|改革前的|之前的)?(?:平均|人均|每[\p{Han}]{1,2})?(\d+(?:\.\d+)?)(万|亿)?([\p{Han}/]{0,5}?|%)(?:，)?(?:下降|减少|缩短|压缩|降低|减|降|提高|提升|增加|增长|上升|扩大|增|升)?(?:至|到|为)(?:平均|人均)?(\d+(?:\.\d+)?)(万|亿)?([\p{Han}/]{0,5}|%)").unwrap()
});

static RATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(
        r"(?:下降|减少|缩短|压缩|降低|节约|节省|提高|提升|增加|增长|上升|扩大|增|降|减)了?(?:约|近)?(\d+(?:\.\d+)?)%",
    )
    .unwrap()
});

pub(super) fn scaled(n: &str, unit: Option<crate::re::Match>) -> Option<f64> {
    let v: f64 = n.parse().ok()?;
    Some(match unit.map(|u| u.as_str()) {
        Some("万") => v * 1e4,
        Some("亿") => v * 1e8,
        _ => v,
    })
}

static SHARE_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"([\p{Han}]{2})率(?:为|达到|达|是|仅为|只有)?(\d+(?:\.\d+)?)%").unwrap());

/// `抽检260批次，合格258批次，合格率99.8%`: a rate named after a count
/// (合格 → 合格率) that does not equal that count over the total before it.
/// The count may also be named by a related verb in the clause just before
/// the rate (`已办结163件，结案率为95.1%`: 办结 and 结案 share 结); the total
/// is a larger quantity of the same unit earlier in the sentence, or one
/// stated as a total (共/累计 …) earlier in the paragraph.
fn share_mismatch(doc: &Document, out: &mut Vec<Hit>) {
    // Totals stated as such (共抽检60批次) in earlier paragraphs: a rate may
    // come a paragraph after its total.
    let mut earlier: Vec<Qty> = Vec::new();
    for para in &doc.paragraphs {
        let text = doc.slice(para);
        let prior = earlier.len();
        earlier.extend(quantities(text).into_iter().filter(|q| marked_total(&text[..q.span.start])));
        let earlier_totals = &earlier[..prior];
        if !text.contains('%') {
            continue;
        }
        for c in SHARE_RE.captures_iter(text) {
            let stem = &c[1];
            let Some(x) = parse_num(&c[2]) else { continue };
            let rate = c.get(0).unwrap();
            let before = &text[..rate.start()];
            let sentence_start = before.rfind(['。', '！', '？', '；']).map_or(0, |i| i + '。'.len_utf8());
            let Some((at, part)) = named_count(before, sentence_start, stem) else {
                continue;
            };
            // The total: a quantity of the same unit before the part. Fire
            // only when none of them gives the stated rate; report against
            // the largest.
            // Earlier sentences of the paragraph count only with a total
            // marker (共受理…184件); within the sentence any larger quantity.
            let totals: Vec<f64> = quantities(&before[..at])
                .into_iter()
                .filter(|q| q.span.start >= sentence_start || marked_total(&before[..q.span.start]))
                .chain(earlier_totals.iter().cloned())
                .filter(|q| q.unit == part.unit && q.value >= part.value && q.value > 0.0)
                .map(|q| q.value)
                .collect();
            let decimals = c[2].split_once(['.', '．']).map_or(0, |(_, d)| d.chars().count()) as i32;
            let tol = 0.5 * 10f64.powi(-decimals) + 0.1;
            let Some(total) = totals.iter().copied().reduce(f64::max) else {
                continue;
            };
            if totals.iter().any(|t| (part.value / t * 100.0 - x).abs() <= tol) {
                continue;
            }
            let expected = part.value / total * 100.0;
            let span = para.start + c.get(2).unwrap().start()..para.start + rate.end();
            out.push(Hit::at(span).var("expected", format!("{expected:.1}%")));
        }
    }
}

/// Whether the text before a quantity ends in a total marker and at most 14
/// characters without punctuation (共受理农民工欠薪案件 184件).
fn marked_total(before: &str) -> bool {
    let tail: String = before.chars().rev().take(16).collect::<Vec<_>>().into_iter().rev().collect();
    TOTAL_RE.find_iter(&tail).any(|m| {
        let gap = &tail[m.end()..];
        gap.chars().count() <= 14 && !gap.contains(['，', '、', '；', '。', '：'])
    })
}

/// The count a `stem率` is computed from, in the sentence `before[from..]`:
/// the last `stem…N<unit>` (at most 6 characters between, no punctuation),
/// else the single quantity of the clause right before the rate when the
/// words before it share a character with the stem. Returns where the
/// count's clause starts in `before`, and the count.
fn named_count(before: &str, from: usize, stem: &str) -> Option<(usize, Qty)> {
    if let Some(i) = before[from..].rfind(stem) {
        let at = from + i;
        let after_stem = &before[at + stem.len()..];
        let part = quantities(after_stem).into_iter().next()?;
        let gap = &after_stem[..part.span.start];
        if gap.chars().count() > 6 || gap.contains(['，', '、', '；', '：', '（']) {
            return None;
        }
        return Some((at, part));
    }
    let clause_end = before.trim_end_matches(['，', '、']).len();
    if clause_end == before.len() {
        return None;
    }
    let clause_start =
        before[..clause_end].rfind(['，', '。', '；', '：']).map_or(0, |i| i + '，'.len_utf8()).max(from);
    let clause = &before[clause_start..clause_end];
    let qs = quantities(clause);
    let [part] = qs.as_slice() else { return None };
    let words = &clause[..part.span.start];
    if words.chars().count() > 8 || !stem.chars().any(|ch| words.contains(ch)) {
        return None;
    }
    Some((clause_start, part.clone()))
}

/// `由A…至B，压缩了X%`: the stated rate does not follow from A and B.
pub fn rate_mismatch(ctx: &Ctx, p: &Params, out: &mut Vec<Hit>) {
    // Every rate compared is written with %.
    if !ctx.doc.text.contains('%') {
        return;
    }
    yoy_mismatch(ctx, p, out);
    share_mismatch(ctx.doc, out);
    let doc = ctx.doc;
    // Tolerance in percentage points (default 1).
    let tol = p.threshold.unwrap_or(1.0);
    for s in sentences(doc) {
        let text = doc.slice(&s);
        if !text.contains('%') {
            continue;
        }
        for c in CHANGE_RE.captures_iter(text) {
            let (Some(a), Some(b)) = (scaled(&c[1], c.get(2)), scaled(&c[4], c.get(5))) else {
                continue;
            };
            if a <= 0.0 || a == b {
                continue;
            }
            let ua = c.get(3).map_or("", |m| m.as_str());
            let ub = c.get(6).map_or("", |m| m.as_str());
            // Units must agree when both are written (由60个工作日缩短至1个工作日).
            if !(ua.is_empty() || ub.is_empty() || ua.ends_with(ub) || ub.ends_with(ua)) {
                continue;
            }
            let pct = ua == "%" || ub == "%";
            let end = c.get(0).unwrap().end();
            // The stated rate: the first X% in the rest of the sentence, unless
            // another 由…至 comes first.
            // The rate sits within a few characters (see `between` below): a
            // bounded look-ahead keeps a sentence of thousands of changes linear.
            let rest = crate::facts::head(&text[end..], 60);
            let next_change = CHANGE_RE.find(rest).map_or(rest.len(), |m| m.start());
            let Some(r) = RATE_RE.captures(&rest[..next_change]) else {
                continue;
            };
            let m = r.get(0).unwrap();
            if rest[m.end()..].starts_with("个百分点") {
                continue;
            }
            // A rate of something else (同比增长, 比上年) is not this change.
            let between = &rest[..m.start()];
            // Annual averages and real (price-adjusted) rates are not the
            // simple change either.
            let qualified = ["同比", "比上年", "环比", "年均", "每年", "实际", "平均", "可比"]
                .iter()
                .any(|w| between.contains(w));
            // A rate further on belongs to another subject (…由36吨增加到79吨，
            // 其他垃圾日均清运量下降11.3%).
            if qualified || between.trim_start_matches(['，', ',']).chars().count() > 8 {
                continue;
            }
            let Ok(x) = r[1].parse::<f64>() else { continue };
            let rel = (b - a).abs() / a * 100.0;
            let abs_ok = pct && ((b - a).abs() - x).abs() <= tol;
            if (rel - x).abs() > tol.max(rel * 0.02) && !abs_ok {
                let at = s.start + end + m.start()..s.start + end + m.end();
                out.push(Hit::at(at).var("expected", format!("{rel:.1}%")));
            }
        }
    }
}

static YOY_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(\d+(?:\.\d+)?)(万|亿)?([\p{Han}]{0,3})[，、]?[^。；\d]{0,6}?(?:上年同期|去年同期|上年|去年)(?:为|是|的|仅为|只有)?(\d+(?:\.\d+)?)(万|亿)?([\p{Han}]{0,3})[^。；\d]{0,12}?(?:同比)?(增长|增加|提高|上升|下降|减少|降低)了?(\d+(?:\.\d+)?)%").unwrap()
});

/// `B（…）同比增长X%（上年同期为A）`: the base year's figure in brackets after the rate.
static YOY_AFTER_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(\d+(?:\.\d+)?)(万|亿)?([\p{Han}]{0,3})[，、]?[^。；\d]{0,6}?(?:同比)?(增长|增加|提高|上升|下降|减少|降低)了?(\d+(?:\.\d+)?)%[（(](?:上年同期|去年同期|\d{4}年同期|上年|去年)(?:为|是)?(\d+(?:\.\d+)?)(万|亿)?([\p{Han}]{0,3})[）)]").unwrap()
});

/// `B，上年同期为A，同比增长X%` or `B，同比增长X%（上年同期为A）`: X does
/// not follow from A and B.
pub fn yoy_mismatch(ctx: &Ctx, p: &Params, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    let tol = p.threshold.unwrap_or(1.0);
    // Capture groups of (B, its 万/亿, its unit), (A, 万/亿, unit), verb, rate.
    let forms: [(&Regex, [usize; 8]); 2] = [
        (&YOY_RE, [1, 2, 3, 4, 5, 6, 7, 8]),
        (&YOY_AFTER_RE, [1, 2, 3, 6, 7, 8, 4, 5]),
    ];
    for s in sentences(doc) {
        let text = doc.slice(&s);
        // Both forms end the rate with %.
        if !text.contains('%') {
            continue;
        }
        for (re, g) in forms {
            for c in re.captures_iter(text) {
                let (Some(b), Some(a)) = (scaled(&c[g[0]], c.get(g[1])), scaled(&c[g[3]], c.get(g[4]))) else {
                    continue;
                };
                if a <= 0.0 || c[g[2]] != c[g[5]] && !c[g[5]].is_empty() {
                    continue;
                }
                let Ok(x) = c[g[7]].parse::<f64>() else { continue };
                let up = matches!(&c[g[6]], "增长" | "增加" | "提高" | "上升");
                let expected = if up {
                    (b / a - 1.0) * 100.0
                } else {
                    (1.0 - b / a) * 100.0
                };
                if (expected - x).abs() > tol.max(expected.abs() * 0.02) {
                    let m = c.get(g[6]).unwrap().start()..c.get(g[7]).unwrap().end() + 1;
                    out.push(Hit::at(s.start + m.start..s.start + m.end).var("expected", format!("{expected:.1}%")));
                }
            }
        }
    }
}

/// Lists of leaders' names with titles: more than `max` (default 3)
/// "title + name" pairs in one sentence.
pub fn leader_list(ctx: &Ctx, p: &Params, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    let max = p.max.unwrap_or(3.0) as usize;
    for s in sentences(doc) {
        let mut found: Vec<Span> = Vec::new();
        for m in ctx.find(p.set, &s, None) {
            let after = &doc.text[m.end..s.end];
            let name: Vec<char> = after.chars().take_while(|&c| is_han(c)).take(4).collect();
            let n = name.len();
            if !(2..=4).contains(&n) {
                continue;
            }
            // A 2–3 character name followed by a separator or a verb.
            let ok = (2..=n.min(3)).any(|k| {
                let name_bytes: usize = name[..k].iter().map(|c| c.len_utf8()).sum();
                let tail = &after[name_bytes..];
                tail.starts_with(['，', '、', '；', '）'])
                    || ["以及", "和", "等", "出席", "参加", "陪同", "主持", "讲话", "到", "在"]
                        .iter()
                        .any(|w| tail.starts_with(w))
            });
            if ok {
                found.push(m);
            }
        }
        if found.len() > max {
            let span = found[0].start..found.last().unwrap().end;
            out.push(Hit::at(span).var("count", found.len()));
        }
    }
}

static UNIT_NAME_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"[\p{Han}]{0,6}(?:乡|镇|村|街道|社区|小区|园区|医院|卫生院|学校|中学|小学|幼儿园|公司|合作社|景区|工厂|市场|银行|福利中心|福利院|敬老院|养老院|养老中心|服务中心|托育中心|卫生服务中心|光荣院|救助站)").unwrap()
});

/// Characters that end a name from the left (据县人民医院 → 县人民医院).
const NAME_CUT: &[char] = &[
    '在', '对', '和', '与', '的', '由', '从', '及', '据', '向', '为', '把', '将', '被', '给', '经', '到', '至', '是',
    '了', '有', '家', '个', '所', '该', '全', '各', '等',
];

static COVERAGE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(?:[2-9]|\d{2,}|[两二三四五六七八九十]+)(?:个|家|所)(?:乡|镇|村|街道|社区|小区|园区|部门|单位|县|区|市|企业|学校|医院|卫生院|医疗机构|机构|行业|景区|园区)|分(?:乡镇|街道|县|区|行业|产业|景区|园区|部门|企业|来源|区域)看|各(?:乡镇|街道|县|区|部门|单位|村|社区)").unwrap()
});

/// Suffixes that alone name no particular unit.
const BARE_UNITS: &[&str] = &[
    "服务中心",
    "卫生服务中心",
    "福利中心",
    "养老中心",
    "托育中心",
    "卫生院",
    "幼儿园",
    "合作社",
];

/// Names of units (乡镇, 村, 医院, 公司 …) in `range` of the text. A match
/// that turns out to be a kind of place or a bare suffix is searched again
/// without it (柳塘镇列入农村 → 柳塘镇).
fn unit_names(ctx: &Ctx, range: Span, names: &mut HashMap<String, usize>) {
    let doc = ctx.doc;
    let mut ranges = vec![range];
    let mut last: Option<(usize, String)> = None;
    while let Some(r) = ranges.pop() {
        for m in UNIT_NAME_RE.find_iter(&doc.text[r.clone()]) {
            // A name starts after the last function word or verb inside the
            // match (座位于山区乡镇 → 山区乡镇), then after a cut character.
            let abs = r.start + m.start()..r.start + m.end();
            let mut from = abs.start;
            for t in ctx.tokens.within(&abs) {
                let pos = ctx.tokens.pos(doc.slice(&t.span));
                let tag = pos.as_str().as_bytes().first().copied().unwrap_or(b'x');
                if t.span.end < abs.end && matches!(tag, b'v' | b'p' | b'd' | b'c' | b'u' | b'm' | b'q' | b'r' | b'f') {
                    from = t.span.end.min(abs.end);
                }
            }
            let s = &doc.text[from..abs.end];
            let n = match s.rfind(NAME_CUT) {
                Some(i) => &s[i + s[i..].chars().next().unwrap().len_utf8()..],
                None => s,
            };
            let name_start = abs.end - n.len();
            // A bare suffix (乡镇, 社区, 服务中心) or a kind of place (山区乡镇,
            // 偏远村镇) names no particular unit; a name may stand before it.
            let generic = ["农村", "城乡", "乡镇", "城镇", "村镇", "集镇"].iter().find(|g| n.ends_with(*g));
            // `3个产业园区`: a count of places, not a name.
            let counted = doc.text[..name_start].ends_with(['个', '家', '所', '座', '处']);
            if n.chars().count() < 3 || n.starts_with("乡镇") || BARE_UNITS.contains(&n) || generic.is_some() || counted
            {
                let before = match generic {
                    Some(g) if n.len() > g.len() => abs.end - g.len(),
                    _ => name_start,
                };
                if before > abs.start {
                    ranges.push(abs.start..before);
                }
                continue;
            }
            // A name right after another is one name (望江街道杏花社区):
            // the street is where the community is, not a second unit.
            let mut name = n.to_string();
            if let Some((end, prev)) = last.take() {
                if end == name_start {
                    if let Some(c) = names.get_mut(&prev) {
                        *c -= 1;
                        if *c == 0 {
                            names.remove(&prev);
                        }
                    }
                    name = format!("{prev}{n}");
                }
            }
            last = Some((abs.end, name.clone()));
            *names.entry(name).or_default() += 1;
        }
    }
}

/// A 综合 item whose body names one sub-unit (village, hospital, company …)
/// and gives no figure covering several.
pub fn single_unit(ctx: &Ctx, _p: &Params, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    let body: String = doc.paragraphs.iter().map(|p| doc.slice(p)).collect::<Vec<_>>().join("\n");
    if COVERAGE_RE.is_match(&body) {
        return;
    }
    let mut names: HashMap<String, usize> = HashMap::new();
    for p in &doc.paragraphs {
        unit_names(ctx, p.clone(), &mut names);
    }
    // Fold names that contain one another (县人民医院 / 东城县人民医院).
    let keys: Vec<String> = names.keys().cloned().collect();
    let distinct: Vec<&String> =
        keys.iter().filter(|k| !keys.iter().any(|o| o != *k && k.contains(o.as_str()))).collect();
    if distinct.len() == 1 {
        out.push(Hit::doc(doc).var("unit", distinct[0]));
        return;
    }
    // A general title (乡镇卫生院中医馆服务情况) over a lead about one named
    // unit (芦湾镇卫生院…), no other unit of its kind in the body.
    let Some(title) = &doc.title else { return };
    let mut in_title = HashMap::new();
    unit_names(ctx, title.clone(), &mut in_title);
    let Some(first) = doc.sentences.first() else { return };
    let mut lead = HashMap::new();
    unit_names(ctx, first.span.clone(), &mut lead);
    // A title naming a particular unit is about that unit; 乡镇卫生院 names a kind.
    const KINDS_OF: &[&str] = &[
        "乡镇",
        "各",
        "全",
        "村镇",
        "城乡",
        "基层",
        "老旧",
        "农村",
        "城市",
        "乡村",
        "公办",
        "民办",
        "重点",
        "中小",
        "规模以上",
    ];
    if in_title.keys().any(|t| !KINDS_OF.iter().any(|g| t.contains(g))) {
        return;
    }
    // In the order the lead names them (a HashMap's order changes from run to run).
    let lead_text = doc.slice(&first.span);
    let mut lead: Vec<String> = lead.into_keys().collect();
    lead.sort_by_key(|l| (lead_text.find(l.as_str()).unwrap_or(usize::MAX), l.clone()));
    for l in &lead {
        let Some(kind) = unit_kind(l) else { continue };
        let same_kind = distinct.iter().filter(|d| unit_kind(d) == Some(kind) && !l.contains(d.as_str())).count();
        if same_kind == 0 && !doc.slice(title).contains(l.as_str()) {
            out.push(Hit::doc(doc).var("unit", l));
            return;
        }
    }
}

/// The kind of a unit name: its suffix (杏花社区 → 社区).
fn unit_kind(name: &str) -> Option<&'static str> {
    const KINDS: &[&str] = &[
        "卫生服务中心",
        "卫生院",
        "医院",
        "中学",
        "小学",
        "学校",
        "幼儿园",
        "街道",
        "社区",
        "小区",
        "园区",
        "村",
        "镇",
        "乡",
        "公司",
        "合作社",
        "景区",
        "工厂",
        "市场",
        "银行",
        "福利院",
        "敬老院",
        "养老院",
        "救助站",
    ];
    KINDS.iter().find(|k| name.ends_with(*k)).copied()
}

static KEYED_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(&format!(
        r"(全县|全区|全市|全镇|全乡|全省|全村)?(?:共有|共计|总计|合计|累计|共)([\p{{Han}}]{{2,6}}?)(?:达到|达|为|有)?(\d+(?:\.\d+)?)(万|亿)?({UNITS})"
    ))
    .unwrap()
});

/// The same total stated twice with two values: `共有X…N家` … `共有X…M家`.
pub fn conflicting_totals(ctx: &Ctx, _p: &Params, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    let mut seen: HashMap<(String, String), (f64, Span)> = HashMap::new();
    for s in sentences(doc) {
        let text = doc.slice(&s);
        // Both patterns open with a total marker (共, 共有, 总计, 合计 …).
        if !text.contains(['共', '计']) {
            continue;
        }
        for c in KEYED_RE.captures_iter(text) {
            let Some(v) = scaled(&c[3], c.get(4)) else { continue };
            let key = (c[2].to_string(), c[5].to_string());
            let m = c.get(3).unwrap();
            let span = s.start + m.start()..s.start + c.get(5).unwrap().end();
            match seen.get(&key) {
                Some((old, old_span)) if (old - v).abs() > 1e-9 * old.abs().max(1.0) => {
                    out.push(Hit::at(span).var("other", doc.slice(old_span)));
                }
                Some(_) => {}
                None => {
                    seen.insert(key, (v, span));
                }
            }
        }
        // `累计接种65岁以上老人3.2万人` after `累计接种3.6万人`: the qualifier is
        // the item's own subject (it is in the title), so it is the same total.
        for c in QUALIFIED_RE.captures_iter(text) {
            let Some(v) = scaled(&c[3], c.get(4)) else { continue };
            let qualifier = c[2].trim_end_matches(['的', '为', '达', '有']);
            if qualifier.chars().filter(|&ch| is_han(ch)).count() < 2 || !doc.title_text().contains(qualifier) {
                continue;
            }
            let key = (c[1].to_string(), c[5].to_string());
            let Some((old, old_span)) = seen.get(&key) else {
                continue;
            };
            if (old - v).abs() > 1e-9 * old.abs().max(1.0) {
                let span = s.start + c.get(3).unwrap().start()..s.start + c.get(5).unwrap().end();
                out.push(Hit::at(span).var("other", doc.slice(old_span)));
            }
        }
    }
}

static QUALIFIED_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(&format!(
        r"(?:共有|共计|总计|合计|累计)([\p{{Han}}]{{2}})([^，。；、\s]{{2,12}}?)(\d+(?:\.\d+)?)(万|亿)?({UNITS})"
    ))
    .unwrap()
});

static DEMONSTRATIVE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(?:该|此|上述|这一?)(项目|工程|企业|公司|单位|事件|事故|活动|会议|政策|案件|事项|做法|模式|村|小区|园区|平台|机制|医院|学校|合作社|基地|工厂|银行|机构|局|中心|站|院|所|委|办|厅|部门)").unwrap()
});

/// An indefinite mention in the title (`一家食品企业`, `某小区`) is no
/// antecedent: the reader still does not know which one.
static INDEFINITE_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"(?:一[家个座所处项批起栋间条]|某|一重点|一批)[\p{Han}]{0,8}$").unwrap());

/// `该项目`, `此事`, `上述企业` whose noun has not been named before: not
/// earlier in the body, and in the title at most indefinitely.
pub fn dangling_reference(ctx: &Ctx, _p: &Params, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    let Some(first) = doc.paragraphs.first() else { return };
    let title = doc.title_text();
    let mut seen: Vec<&str> = Vec::new();
    for p in &doc.paragraphs {
        let text = doc.slice(p);
        for c in DEMONSTRATIVE_RE.captures_iter(text) {
            let noun = c.get(1).unwrap().as_str();
            let m = c.get(0).unwrap();
            // An office (该局, 该中心) is referred to only with 该/上述;
            // 这所学校, 此站 are other words.
            let office = matches!(noun, "局" | "中心" | "站" | "院" | "所" | "委" | "办" | "厅" | "部门");
            if office && !(m.as_str().starts_with('该') || m.as_str().starts_with("上述")) {
                continue;
            }
            if seen.contains(&noun) {
                continue;
            }
            seen.push(noun);
            // 这一做法, 此机制 usually sum up the sentence before; only `该`/
            // `上述` + a concrete unit is checked past the first sentence.
            let in_first_sentence = doc.sentences.first().is_some_and(|s| s.span.end > p.start + m.start());
            let concrete = !matches!(noun, "做法" | "模式" | "机制" | "政策" | "事项" | "活动" | "会议" | "事件");
            if !in_first_sentence && !(concrete && (m.as_str().starts_with('该') || m.as_str().starts_with("上述")))
            {
                continue;
            }
            // The match must start a word: 这一 in 在这一年 is fine, 该 in 应该 is not a demonstrative.
            // jieba joins a preposition to 该 (由该, 对该): 该 starts a
            // demonstrative unless it ends a modal (应该, 本该, 不该).
            let modal = text[..m.start()].ends_with(['应', '本', '活', '理', '合', '早', '不']);
            let starts_word = if m.as_str().starts_with('该') {
                !modal
            } else {
                ctx.tokens.is_boundary(p.start + m.start())
            };
            if !starts_word {
                continue;
            }
            let before_body = &doc.text[first.start..p.start + m.start()];
            if before_body.contains(noun) {
                continue;
            }
            let named_in_title = title.match_indices(noun).any(|(i, _)| !INDEFINITE_RE.is_match(&title[..i]));
            if named_in_title {
                continue;
            }
            out.push(Hit::at(p.start + m.start()..p.start + m.end()));
        }
    }
}

static DONE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"建成投产|建成投用|建成通车|建成运营|建成|竣工|投产|通车|完工|投用|投入使用|开业|开通|启用|运营")
        .unwrap()
});
static STARTED_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"开工|动工|开建|启动建设|开始建设|奠基").unwrap());
static ONGOING_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(?:仍在|正在|尚在|还在)(?:安装|施工|建设|调试|修建|铺设|浇筑|架设)|尚未(?:完工|竣工|建成|投用|通车|完成施工)|未(?:完工|竣工)").unwrap()
});
static PLANNED_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(?:计划|预计|将于|将在|将|拟|力争|争取|有望|确保|目标)[^，。；]{0,12}$").unwrap()
});

/// The title reports a project as finished (建成投产, 竣工, 通车) while the
/// body reports that construction started (开工, 奠基) and mentions completion only as a
/// plan (计划2028年建成投产).
pub fn title_tense(ctx: &Ctx, _p: &Params, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    let (Some(title), Some(first), Some(last)) = (&doc.title, doc.paragraphs.first(), doc.paragraphs.last()) else {
        return;
    };
    let body = &doc.text[first.start..last.end];
    // The body says the work has only started, or is still going on
    // (溢洪道闸门仍在安装, 尚未完工).
    let Some(state) = STARTED_RE.find(body).or_else(|| ONGOING_RE.find(body)) else {
        return;
    };
    let title_text = doc.slice(title);
    let Some(done) = DONE_RE.find(title_text) else { return };
    // Completion stated in the body as a fact (not after 计划/预计/将): fine.
    // 建成后 is conditional, not a fact either.
    let stated = DONE_RE.find_iter(body).any(|m| {
        // 竣工验收 names a procedure still to come.
        !PLANNED_RE.is_match(&body[..m.start()])
            && !body[m.end()..].starts_with(['后', '以', '之'])
            && !body[m.end()..].starts_with("验收")
    });
    if stated || PLANNED_RE.is_match(&title_text[..done.start()]) {
        return;
    }
    out.push(Hit::at(title.start + done.start()..title.start + done.end()).var("state", state.as_str()));
}

/// `据2021年县水文站人员台账`: a source of figures from a year well before
/// the report.
static DATED_SOURCE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"据[^，。；\d]{0,12}?((?:19|20)\d{2})年(?:[^，。；]{0,20}?)(台账|统计|调查|普查|数据|资料|名册|清单|摸底|监测)")
        .unwrap()
});

/// A source of figures dated more than `max` years (default 1) before the
/// report year; census data (普查) is the latest until the next census.
pub fn stale_source(ctx: &Ctx, p: &Params, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    let max = p.max.unwrap_or(1.0) as i32;
    let report_year = chrono::Datelike::year(&doc.report_date);
    for para in &doc.paragraphs {
        let text = doc.slice(para);
        for c in DATED_SOURCE_RE.captures_iter(text) {
            let (Some(y), Some(what)) = (c.get(1), c.get(2)) else {
                continue;
            };
            let Ok(year) = y.as_str().parse::<i32>() else { continue };
            let m = c.get(0).unwrap();
            if m.as_str().contains("普查") || year > report_year || report_year - year <= max {
                continue;
            }
            out.push(
                Hit::at(para.start + m.start()..para.start + m.end())
                    .var("year", year)
                    .var("what", what.as_str())
                    .var("age", report_year - year),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::matcher::PhraseSet;
    use crate::source::SourceFile;

    fn run(f: CheckFn, text: &str) -> usize {
        let src = SourceFile::from_text("t.txt", format!("标题\n{text}\n"), "UTF-8");
        let doc = crate::document::extract(&src, &Default::default());
        let tokens = crate::segment::Tokens::default();
        let ctx = Ctx::new(&doc, &tokens);
        let set = PhraseSet::new([
            "书记".to_string(),
            "区长".to_string(),
            "主任".to_string(),
            "主席".to_string(),
        ]);
        let p = Params { threshold: None, set: &set, max: None, min: None };
        let mut out = Vec::new();
        f(&ctx, &p, &mut out);
        out.len()
    }

    use super::super::CheckFn;

    #[test]
    fn parts_and_totals() {
        assert_eq!(run(parts_exceed_total, "共检查企业120家，其中工业企业68家、商贸企业45家、餐饮企业21家。"), 1);
        assert_eq!(run(parts_exceed_total, "总投资共1200万元，其中财政资金800万元，企业投资400万元。"), 0);
        assert_eq!(run(parts_exceed_total, "总投资共计1.2亿元。其中，财政资金8000万元，企业自筹5000万元。"), 1);
    }

    #[test]
    fn rates() {
        assert_eq!(run(rate_mismatch, "由60个工作日缩短至1个工作日，压缩了120%。"), 1);
        assert_eq!(run(rate_mismatch, "由60个工作日缩短至1个工作日，压缩了98.3%。"), 0);
        assert_eq!(run(rate_mismatch, "收入从54万亿元增加到82.7万亿元，年均增长7.1%。"), 0);
        assert_eq!(run(rate_mismatch, "收入5.2亿元，上年同期为4亿元，同比增长52%。"), 1);
        assert_eq!(run(rate_mismatch, "收入5.2亿元，上年同期为4亿元，同比增长30%。"), 0);
    }

    #[test]
    fn leaders() {
        assert_eq!(run(leader_list, "区委书记周明远，区长孙立新，区人大常委会主任陈光辉，区政协主席刘文华出席。"), 1);
        assert_eq!(run(leader_list, "区委书记周明远、区长孙立新出席。"), 0);
    }

    #[test]
    fn computed_figures_in_the_drafts_scale() {
        assert_eq!(fmt_in(3.5e11, "元", Some("亿")), "3500亿元");
        assert_eq!(fmt_in(47000.0, "人", Some("万")), "4.7万人");
        assert_eq!(fmt_in(1234.0, "件", None), "1234件");
        assert_eq!(scale_of("3434.5亿元", std::iter::empty()), Some("亿"));
        assert_eq!(scale_of("520000元", ["12万元", "3.1亿元"].into_iter()), Some("亿"));
        assert_eq!(scale_of("５万元", std::iter::empty()), Some("万"));
        assert_eq!(scale_of("52家", ["12家"].into_iter()), None);
        let q = &quantities("接待游客3.2万人次")[0];
        assert_eq!(written("接待游客3.2万人次", q), "3.2万人次");
    }

    #[test]
    fn quantities_fold_units() {
        let q = quantities("总投资1.2亿元，建成大棚60座，接待游客96人次，2026年");
        let v: Vec<(f64, &str)> = q.iter().map(|q| (q.value, q.unit.as_str())).collect();
        assert_eq!(v, vec![(1.2e8, "元"), (60.0, "座"), (96.0, "人次")]);
    }
}
