//! Built-in checks on claims that the figures or the body do not support:
//! a change between two rates written as a percentage, and a title that
//! claims more than the body reports; and the checks on the quantity layer
//! ([`crate::facts`]): the same count given twice, shares, change rates and
//! breakdowns that do not follow from the figures.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::super::kinds::Ctx;
use super::super::Hit;
use super::content::scaled;
use super::Params;
use crate::document::Span;
use crate::facts::{Bound, Fact, Role};
use crate::re::Regex;

static PERCENT_RE: LazyLock<Regex> = LazyLock::new(|| crate::re::new(r"(\d+(?:\.\d+)?)[%％]").unwrap());
static CHANGE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(?:提高|提升|下降|上升|降低|增加|减少|回落|增长|下滑|上涨|缩小|扩大|回升|高出|低于|高于|上调|下调|收窄|走低|走高)了?约?$")
        .unwrap()
});
static RATE_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"率|比重|占比|比例|份额|占全|占[^，。；%\d]{1,12}的[\d.]+[%％]").unwrap());

/// A level named as a rate (合格率为, 优良天数比例, 占比达).
static NAMED_RATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(?:率|比例|比重|占比)(?:为|是|达|达到|升至|降至|提高到|提升到|下降到|降低到)?$").unwrap()
});
/// What lies between a rate and its change when the change is of that rate:
/// only a comparison (，比2025年同期提高了, 同比下降, ，较年初回落).
static COMPARED_GAP_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"^[，,]?(?:比[^，。；%\d]{0,12}|比\d{4}年[^，。；%\d]{0,8}|较[^，。；%\d]{0,10}|同比|环比)(?:提高|提升|上升|下降|降低|增加|减少|回落|增长|下滑|上涨|回升|上调|下调)了?约?$")
        .unwrap()
});

/// The text of `s` that ends at byte `end`, at most `n` characters.
fn before(s: &str, end: usize, n: usize) -> &str {
    let start = s[..end].char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i);
    &s[start..end]
}

/// A change between two percentages given in the same sentence, written
/// as a percentage: 不良贷款率1.6%，比年初的2.1%下降0.5% (0.5个百分点). Fires
/// when the change equals the difference of the two rates.
pub fn percent_points(ctx: &Ctx, _p: &Params, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    for s in &doc.sentences {
        let text = doc.slice(&s.span);
        if !text.contains(['%', '％']) || !RATE_RE.is_match(text) {
            continue;
        }
        let all: Vec<(usize, usize, f64, bool)> = PERCENT_RE
            .captures_iter(text)
            .filter_map(|c| {
                let m = c.get(0)?;
                let v: f64 = c.get(1)?.as_str().parse().ok()?;
                Some((m.start(), m.end(), v, CHANGE_RE.is_match(before(text, m.start(), 4))))
            })
            .collect();
        for (i, &(start, end, x, is_change)) in all.iter().enumerate() {
            if !is_change || x <= 0.0 {
                continue;
            }
            // The rates compared sit near the change (合格率98.2%，比上年的
            // 96.5%提高1.7%): a bounded window keeps a sentence of thousands of
            // percentages linear.
            let window = &all[i.saturating_sub(8)..(i + 3).min(all.len())];
            let levels: Vec<f64> = window.iter().filter(|p| !p.3).map(|p| p.2).collect();
            // Near 100 % a relative change can round to the same figure
            // (97.4% → 98.2% is +0.82 %); a change between two rates is still
            // written in 个百分点.
            let explains = levels
                .iter()
                .enumerate()
                .any(|(i, &a)| levels[i + 1..].iter().any(|&b| ((a - b).abs() - x).abs() < 0.051));
            // The change of one named rate over time (优良天数比例为91.4%，比
            // 上年同期提高了3.1%): statistical practice gives it in 个百分点
            // even when the earlier rate is not given.
            let of_rate = all[..i].iter().rev().take(8).find(|p| !p.3 && p.1 <= start).is_some_and(|p| {
                NAMED_RATE_RE.is_match(before(text, p.0, 5)) && COMPARED_GAP_RE.is_match(&text[p.1..start])
            });
            if explains || of_rate {
                out.push(Hit::at(s.span.start + start..s.span.start + end));
            }
        }
    }
}

static QTY_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(\d+(?:\.\d+)?)(万|亿)?(人次|人|户|家|件|项|个|元|吨|亩|辆|台|所|名|场|公里|头|只|起|批次|批|株|套|座|处|条|次|尾|棵|册|份|间|栋|立方米|平方米|千瓦时|千瓦)")
        .unwrap()
});
/// `比…176人`: the compared amount, after 比 and at most 16 characters.
static THAN_RE: LazyLock<Regex> = LazyLock::new(|| crate::re::new(r"比(?:[^，。；\d]|\d{4}年){0,16}$").unwrap());
/// `与…12.6立方米相比`: the compared amount, after 与/和/同/跟 and at most 20
/// characters (dates allowed), followed by 相比.
static WITH_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"(?:与|和|同|跟)(?:[^，。；\d]|\d{4}年|\d{1,2}月|\d{1,2}日){0,20}$").unwrap());
/// An amount right after a change word is the difference, not the compared amount (比上年多20家).
static DIFF_BEFORE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(?:多|少|增加|减少|增长|下降|提高|降低|高|低|增|减|超|超过|高出|低于)了?$").unwrap()
});
/// A multiple stated after the compared amount: 翻了两番, 增长了2倍.
static STATED_MULTIPLE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(
        r"^[^。；%]{0,8}?(?:翻了?([一两二三四])番|(?:增长|增加)了?(\d+(?:\.\d+)?|[一两二三四五六七八九十])倍)",
    )
    .unwrap()
});
static STATED_RATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"^[^。；%]{0,16}?(?:增长|提高|增加|上升|下降|减少|降低|回落)了?(\d+(?:\.\d+)?)[%％]").unwrap()
});

/// `共组织防疫员214人，比2025年秋防的176人增加38人，增长28.6%`: the rate
/// stated after an explicit comparison (B …，比…A) does not follow from the
/// two amounts (214 ÷ 176 − 1 = 21.6 %).
pub fn compared_change(ctx: &Ctx, p: &Params, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    let tol = p.threshold.unwrap_or(1.0);
    for (k, s) in doc.sentences.iter().enumerate() {
        let text = doc.slice(&s.span);
        if !text.contains('比') || !(text.contains(['%', '％', '倍']) || text.contains("番")) {
            continue;
        }
        let qs: Vec<_> = QTY_RE.captures_iter(text).collect();
        // The sentence before, in the same paragraph: `…为每秒9.8立方米。与…的
        // 每秒12.6立方米相比，下降了28.6%` compares with its figure.
        let prev = k
            .checked_sub(1)
            .map(|j| &doc.sentences[j])
            .filter(|p| p.paragraph == s.paragraph)
            .map(|p| doc.slice(&p.span))
            .unwrap_or("");
        for (i, qa) in qs.iter().enumerate() {
            let a_m = qa.get(0).unwrap();
            // A: right after 比, or inside 与…相比 (the compared amount).
            // Only the last few characters matter: a bounded window keeps
            // long sentences linear.
            let before = crate::facts::tail(&text[..a_m.start()], 24);
            let with = WITH_RE.is_match(before) && text[a_m.end()..].starts_with("相比");
            if !(with || THAN_RE.is_match(before)) || DIFF_BEFORE_RE.is_match(before) {
                continue;
            }
            let unit = &qa[3];
            // B: the last amount of the same unit before 比, in the same clause
            // list; for 与…相比 opening the sentence, the last of the sentence before.
            let b = if let Some(qb) = qs[..i].iter().rev().find(|q| &q[3] == unit) {
                let between = &text[qb.get(0).unwrap().end()..a_m.start()];
                if between.contains(['；', ';']) || ["同比", "年均", "平均", "每年"].iter().any(|w| between.contains(w))
                {
                    continue;
                }
                scaled(&qb[1], qb.get(2))
            } else if with && !text[..a_m.start()].contains('，') {
                let Some(qb) = QTY_RE.captures_iter(prev).filter(|q| &q[3] == unit).last() else {
                    continue;
                };
                scaled(&qb[1], qb.get(2))
            } else {
                continue;
            };
            let (Some(a), Some(b)) = (scaled(&qa[1], qa.get(2)), b) else {
                continue;
            };
            if a <= 0.0 || a == b {
                continue;
            }
            // The stated rate follows A, perhaps after the difference (增加38人，).
            let rest = &text[a_m.end()..];
            // Or a multiple: 翻了两番 is four times A; 增长2倍 is three times
            // (or, loosely, two times) A.
            if let Some(r) = STATED_MULTIPLE_RE.captures(rest) {
                let n = |g: &str| crate::facts::parse_number(g).map(|(v, _)| v);
                let ratio = b / a;
                let wanted: Vec<f64> = match (r.get(1), r.get(2)) {
                    (Some(k), _) => n(k.as_str()).map(|k| vec![2f64.powf(k)]).unwrap_or_default(),
                    (_, Some(k)) => n(k.as_str()).map(|k| vec![k, k + 1.0]).unwrap_or_default(),
                    _ => Vec::new(),
                };
                if !wanted.is_empty() && wanted.iter().all(|w| (ratio - w).abs() > 0.05 * w) {
                    let m = r.get(0).unwrap();
                    let from = m.as_str().find(['翻', '增']).unwrap_or(0);
                    let at = s.span.start + a_m.end() + m.start() + from..s.span.start + a_m.end() + m.end();
                    let shown = format!("{ratio:.2}").trim_end_matches('0').trim_end_matches('.').to_string();
                    out.push(Hit::at(at).var("expected", format!("原来的{shown}倍")));
                }
                continue;
            }
            let Some(r) = STATED_RATE_RE.captures(rest) else {
                continue;
            };
            let lead = r.get(0).unwrap().as_str();
            if ["同比", "环比", "年均", "平均", "实际", "可比"].iter().any(|w| lead.contains(w)) {
                continue;
            }
            if rest[r.get(0).unwrap().end()..].starts_with("个百分点") {
                continue;
            }
            let Ok(x) = r[1].parse::<f64>() else { continue };
            let rel = (b - a).abs() / a * 100.0;
            if (rel - x).abs() > tol.max(rel * 0.02) {
                let m = r.get(0).unwrap();
                let pct = m
                    .as_str()
                    .rfind(|c: char| !(c.is_ascii_digit() || c == '.' || c == '%' || c == '％'))
                    .map_or(0, |i| i + m.as_str()[i..].chars().next().map_or(0, char::len_utf8));
                let at = s.span.start + a_m.end() + pct..s.span.start + a_m.end() + m.end();
                out.push(Hit::at(at).var("expected", format!("{rel:.1}%")));
            }
        }
    }
}

/// A claim in the title and the body words that contradict it.
struct Claim {
    title: &'static str,
    contra: &'static str,
}

static CLAIMS: LazyLock<Vec<(Regex, Regex, Regex)>> = LazyLock::new(|| {
    [
        Claim { title: r"签约|签订|签署", contra: r"意向|洽谈|拟签|有意|框架协议" },
        Claim {
            title: r"全部[\p{Han}]{0,3}到位|全面建成|全部建成|全面完成|全部完成|全面完工|全部完工|全面实现|全部实现|全覆盖|全部通过|全部达标|清零|全部消除|全部脱",
            contra: r"初步建成|基本建成|部分建成|基本完成|初步完成|尚未|(?:仍有|尚有|余下|剩余|剩下)的?(?:\d|[一二三四五六七八九十两几]+[个家户所座条处项名人村])|其余\d|其余[一二三四五六七八九十两几]|顺延|未完成|未接入|只完成|仅完成|(?:完成|覆盖|转化|达标|通过|消除|实现|办结|建成)率(?:为|达|达到)?(?:[1-9]\d?(?:\.\d+)?)[%％]",
        },
        Claim {
            title: r"已完工|已竣工|已建成|已投用|已通车|已通暖|已投产|建成(?:通水|通车|投产|投用|投运|运行|开放)|(?:竣工|完工)(?:投用|投运|通车)|正式(?:通水|通车|投产|投用|投运|运行|开通)",
            contra: r"正在|试压|调试|试运行|试通水|试通车|试生产|试投产|即将|尚未|主体(?:工程)?(?:完工|竣工|封顶)|预计.{0,8}(?:完工|竣工|建成|投用|通车|投产|通水)|(?:将于|将在|计划于?)[^，。；]{0,12}(?:完工|竣工|建成|投用|通车|投产|通水)",
        },
        Claim {
            title: r"确诊|确认为|查明",
            contra: r"疑似|待确诊|待确认|尚未确诊|初步(?:判断|怀疑|诊断|认定)|正在(?:检测|复核|确认|调查)|送检|送[^，。；]{1,12}(?:检测|复核|确诊)",
        },
        Claim { title: r"正在", contra: r"已全部[\p{Han}]{0,4}完毕|已全部完成|已清理完毕|已完成全部|全部[\p{Han}]{0,4}完毕|已结束" },
    ]
    .into_iter()
    .map(|c| {
        (
            crate::re::new(c.title).unwrap(),
            crate::re::new(c.contra).unwrap(),
            // The claim stated in the body as a fact, not as a plan.
            crate::re::new(&format!(r"(?:^|[^划计将拟争望前])(?:{})", c.title)).unwrap(),
        )
    })
    .collect()
});

/// The index in [`CLAIMS`] of the completion claim (全面完成, 全覆盖).
const COMPLETION_CLAIM: usize = 1;

/// `N个…中的M个`, `N户中已有M户`: a part of a counted whole.
static PART_OF_WHOLE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(\d+)(个|家|户|所|座|条|处|项|名|人|批|台|套|辆|间|栋)[^，。；\d]{0,14}?中(?:的|有|已有|已)?(\d+)(个|家|户|所|座|条|处|项|名|人|批|台|套|辆|间|栋)")
        .unwrap()
});

/// Whether `body` counts a part of a whole, smaller than the whole, in the
/// same measure (173个行政村中的142个).
fn part_of_whole(body: &str) -> bool {
    PART_OF_WHOLE_RE.captures_iter(body).any(|c| {
        let (Ok(n), Ok(m)) = (c[1].parse::<u64>(), c[3].parse::<u64>()) else {
            return false;
        };
        c[2] == c[4] && m < n
    })
}

/// A count at the end of a text (7家企业, 12个村): the number.
static COUNT_BEFORE_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"(\d+)(?:家|个|项|户|人|名|所|座|条|处)[^\d，。；]{0,8}$").unwrap());

static PLANNED_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(?:计划|预计|将于|将在|将|拟|力争|争取|有望|确保|目标|要求)[^，。；]{0,14}$").unwrap()
});

/// 首场, 首批, 首届 in a title.
static FIRST_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"首(场|批|届|次|期|家|台|例|单|班|趟|列|站)").unwrap());
/// 第三场, 第2批 in the body.
static ORDINAL_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"第([一二三四五六七八九十]+|\d+)(场|批|届|次|期|家|台|例|单|班|趟|列|站)").unwrap()
});

/// The title claims more than the body reports: 签约 where the body has
/// only an 意向, 全面建成 where the body says 初步建成, 已完工 where work is
/// still under way, 正在 where it is finished, 首场 where the body counts a
/// 第三场.
pub fn title_overstated(ctx: &Ctx, _p: &Params, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    let (Some(title), Some(first), Some(last)) = (&doc.title, doc.paragraphs.first(), doc.paragraphs.last()) else {
        return;
    };
    let title_text = doc.slice(title);
    let body = &doc.text[first.start..last.end];
    // 首场 in the title, 第三场 in the body: the same kind of event counted
    // differently.
    for c in FIRST_RE.captures_iter(title_text) {
        let measure = &c[1];
        let later = ORDINAL_RE.captures_iter(body).any(|o| &o[2] == measure && !matches!(&o[1], "一" | "1"));
        let also_first = body.contains(&format!("首{measure}")) || body.contains(&format!("第一{measure}"));
        if later && !also_first {
            let m = c.get(0).unwrap();
            out.push(Hit::at(title.start + m.start()..title.start + m.end()));
            return;
        }
    }
    for (k, (claim, contra, stated)) in CLAIMS.iter().enumerate() {
        let Some(m) = claim.find(title_text) else { continue };
        // A completion claim against a part of a whole (173个村中的142个).
        if !contra.is_match(body) && !(k == COMPLETION_CLAIM && part_of_whole(body)) {
            continue;
        }
        // The body states the same claim as a fact (not 计划…签约): the title holds.
        // 建成后将… is a plan too.
        // A count right before the claim in the title (7家企业签约) holds
        // only where the body gives the same count (2家企业签订 does not).
        let count = |text: &str| COUNT_BEFORE_RE.captures(crate::facts::tail(text, 10)).map(|c| c[1].to_string());
        let title_count = count(&title_text[..m.start()]);
        let as_fact = stated.find_iter(body).any(|s| {
            !PLANNED_RE.is_match(&body[..s.start()])
                && !["后", "以后", "之后"].iter().any(|w| body[s.end()..].starts_with(w))
                && title_count.as_ref().is_none_or(|t| count(&body[..s.start()]).is_none_or(|b| &b == t))
        });
        if as_fact && m.as_str() != "正在" {
            continue;
        }
        out.push(Hit::at(title.start + m.start()..title.start + m.end()));
        return;
    }
}

// ---- Checks on the quantity layer (crate::facts) ----

/// A figure in the scale the draft writes it in (`4.1万吨`, `119件`, `46.4%`).
fn show(v: f64, unit: &str, scale: &str) -> String {
    let (v, scale) = match scale {
        "亿" => (v / 1e8, "亿"),
        "万" => (v / 1e4, "万"),
        _ => (v, ""),
    };
    let s = if (v - v.round()).abs() < 1e-6 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.2}").trim_end_matches('0').trim_end_matches('.').to_string()
    };
    format!("{s}{scale}{unit}")
}

/// A figure's number as written, without its unit (`3.9万`).
fn num(f: &Fact, doc: &crate::document::Document) -> String {
    let t = f.text(doc);
    t.strip_suffix(f.unit.as_str()).map_or_else(
        || t.trim_end_matches(|c: char| !(c.is_ascii_digit() || "万亿".contains(c))).to_string(),
        str::to_string,
    )
}

/// Words that name no particular counted thing on their own: a figure of
/// them is matched by the words before them (签约服务 ~ 签约居民 ~ 签约).
const GENERIC_TAIL: &[&str] = &[
    "服务", "人员", "人数", "人口", "群众", "居民", "对象", "总数", "总量", "数量", "量",
];

/// The key of a counted thing for "the same quantity": its words with a
/// generic tail dropped, at least two characters.
fn noun_key(f: &Fact) -> Option<String> {
    let mut w = f.what();
    for t in GENERIC_TAIL {
        if let Some(s) = w.strip_suffix(t) {
            if s.chars().count() >= 2 {
                w = s;
                break;
            }
        }
    }
    (w.chars().count() >= 2 && !w.chars().any(|c| c.is_ascii_digit())).then(|| format!("{}|{}", w, f.unit))
}

static UPDATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"升至|增至|上升到|增加到|增加至|上升至|新增|又有|又发现|再有|累计|截至|截止|先后|陆续|仍有|尚有|还有|剩余|最多|最少|至少|每").unwrap()
});
/// A place or scope named before a figure: a count of somewhere else.
static PLACE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"[\p{Han}]{1,6}(?:省|市|县|区|镇|乡|村|街道|社区|片区|园区|单位|企业|学校|医院)").unwrap()
});

static AT_PLACE_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"在([\p{Han}]{2,8}?)(?:已|共|造成|导致|发生|有)").unwrap());

/// One mention of a counted quantity: a figure, or a group whose parts
/// add up to it (`中毒，其中2人…，其余4人…` is 6 people poisoned).
struct Mention {
    key: String,
    value: f64,
    half: f64,
    sentence: usize,
    span: Span,
    /// Any difference is a conflict (casualties), not only a close one.
    strict: bool,
    place: String,
}

/// The same quantity given twice with different values: `6名游客中毒…5名中毒游客`,
/// `3人受伤…4名伤员`, `签约服务12.6万人…12.8万名签约居民`.
pub fn count_conflict(ctx: &Ctx, _p: &Params, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    let facts = ctx.facts();
    let mut mentions: Vec<Mention> = Vec::new();
    for (k, s) in doc.sentences.iter().enumerate() {
        let fs = facts.of_sentence(k);
        let text = doc.slice(&s.span);
        if facts.listing[k] {
            continue;
        }
        // A casualty group broken down to the last person: `…中毒，其中2人…，其余4人…`.
        if let Some(at) = text.find("其中") {
            let cat = crate::facts::casualty_word(&text[..at]);
            let parts: Vec<&Fact> = fs.iter().filter(|f| f.unit == "人" && f.span.start >= s.span.start + at).collect();
            let closed = text[at..].contains("其余") || text[at..].contains("其他");
            if let (Some(cat), true, true) = (cat, parts.len() >= 2, closed) {
                if fs.iter().all(|f| f.unit != "人" || f.span.start >= s.span.start + at) {
                    mentions.push(Mention {
                        key: format!("c:{cat}"),
                        value: parts.iter().map(|f| f.value).sum(),
                        half: 0.0,
                        sentence: k,
                        span: parts[0].span.start..parts[parts.len() - 1].span.end,
                        strict: true,
                        place: String::new(),
                    });
                }
            }
        }
        for f in fs {
            if f.unit == "%" || f.unit == "个百分点" || f.qualitative || f.bound != Bound::Exact || f.periodic {
                continue;
            }
            if !matches!(f.role, Role::Level | Role::Total) {
                continue;
            }
            let lead = &text[..f.span.start - s.span.start];
            let clause = &lead[lead.rfind(['，', '；', '：', '、']).map_or(0, |i| i + '，'.len_utf8())..];
            // The item's own scope (named in the title, or 全县) is no other place.
            // 县农业农村局, 镇政府: an agency, not a place.
            // 在巴基斯坦已导致…: a count of somewhere else.
            let at_place = AT_PLACE_RE.captures(clause).map(|c| c[1].to_string());
            let place = PLACE_RE
                .find_iter(clause)
                .filter(|m| {
                    !clause[m.end()..].starts_with(['局', '委', '办', '厅', '部', '站', '政', '党', '中', '所', '院'])
                })
                .last()
                .map(|m| m.as_str())
                .filter(|p| !p.starts_with('全') && !doc.title_text().contains(p))
                .map(str::to_string)
                .or(at_place)
                .unwrap_or_default();
            if let Some(cat) = f.casualty() {
                mentions.push(Mention {
                    key: format!("c:{cat}"),
                    value: f.value,
                    half: f.half_ulp,
                    sentence: k,
                    span: f.span.start..f.span.end + f.after.len(),
                    strict: true,
                    place: place.clone(),
                });
            }
            if let Some(key) = noun_key(f).filter(|_| f.what().chars().count() >= 3) {
                mentions.push(Mention {
                    key: format!("n:{key}"),
                    value: f.value,
                    half: f.half_ulp,
                    sentence: k,
                    span: f.span.start..f.span.end + f.after.len(),
                    strict: false,
                    place,
                });
            }
        }
    }
    // Per key: the first mention and how often the key occurs in one
    // sentence (a list of places or items is no restatement).
    let mut per_sentence: HashMap<(&str, usize), usize> = HashMap::new();
    for m in &mentions {
        *per_sentence.entry((m.key.as_str(), m.sentence)).or_default() += 1;
    }
    let mut first: HashMap<&str, &Mention> = HashMap::new();
    let mut done: Vec<usize> = Vec::new();
    for m in &mentions {
        if per_sentence[&(m.key.as_str(), m.sentence)] > 1 {
            continue;
        }
        let Some(a) = first.get(m.key.as_str()) else {
            first.insert(&m.key, m);
            continue;
        };
        if a.sentence == m.sentence || done.contains(&m.span.start) {
            continue;
        }
        let diff = (a.value - m.value).abs();
        if diff <= a.half + m.half + 1e-9 || a.place != m.place {
            continue;
        }
        let (lo, hi) = (a.value.min(m.value), a.value.max(m.value));
        if !a.strict && (lo <= 0.0 || hi / lo > 1.25) {
            continue;
        }
        let text = doc.slice(&doc.sentences[m.sentence].span);
        let earlier = doc.slice(&doc.sentences[a.sentence].span);
        if UPDATE_RE.is_match(text)
            || crate::facts::has_time(text)
            || ["此外", "另外", "另有", "同时", "另据"].iter().any(|w| text.starts_with(w))
            || crate::facts::period_tags(text) != crate::facts::period_tags(earlier)
        {
            continue;
        }
        done.push(m.span.start);
        out.push(Hit::at(m.span.clone()).var("other", doc.slice(&a.span)));
    }
}

/// Whether a computed share `c` (percent) agrees with the claim `s`.
fn share_agrees(s: &Fact, c: f64, rel_err: f64) -> bool {
    let slack = c * rel_err;
    if s.qualitative {
        let v = s.value;
        return match s.bound {
            Bound::Over => c + slack >= v - 0.05,
            Bound::Under => c - slack < v,
            Bound::About => c + slack >= v - 10.0 && c - slack <= v + 2.0,
            Bound::Exact => (c - v).abs() <= 5.0 + slack,
        };
    }
    let tol = s.half_ulp.max(0.15) + slack;
    match s.bound {
        Bound::Over => c + tol >= s.value,
        Bound::Under => c - tol <= s.value,
        Bound::About => (c - s.value).abs() <= tol.max(1.0),
        Bound::Exact => (c - s.value).abs() <= tol,
    }
}

static PLAN_SHARE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(?:完成|达到|占)[^，。；、%]{0,8}?(?:计划|目标|任务|预算)[^，。；、%]{0,4}?的$").unwrap()
});
static OF_RE: LazyLock<Regex> = LazyLock::new(|| crate::re::new(r"占[^，。；%]{0,14}?的?$").unwrap());
static SHARE_WORD_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(?:占比|比重|比例|占)(?:为|达|达到|是|约|近|超过|不足|不到|仅为|只有|已达)?$").unwrap()
});

/// A share or completion rate that does not follow from the figures given:
/// `计划8.4万吨…轮入3.9万吨，完成计划的56.4%` (46.4 %), `1893笔…占比超过九成`
/// of 2168 (87.3 %).
pub fn share_claim(ctx: &Ctx, _p: &Params, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    let facts = ctx.facts();
    for (k, s) in doc.sentences.iter().enumerate() {
        let fs = facts.of_sentence(k);
        let text = doc.slice(&s.span);
        for (i, sh) in fs.iter().enumerate() {
            if sh.role != Role::Share || sh.unit != "%" || sh.bound == Bound::About && !sh.qualitative {
                continue;
            }
            let lead = &text[..sh.span.start - s.span.start];
            let clause_from = lead.rfind(['，', '；', '：', '、']).map_or(0, |i| i + '，'.len_utf8());
            let clause = &lead[clause_from..];
            let earlier = &fs[..i];
            // 分别占…的96.4%和93.4%: each share goes with its own figure.
            if clause.contains("分别") {
                continue;
            }
            let counts = |f: &&Fact| f.unit != "%" && f.unit != "个百分点" && !f.qualitative;
            // The numerator candidates: amounts before the share in this sentence.
            let nums: Vec<&Fact> = earlier
                .iter()
                .filter(counts)
                .filter(|f| matches!(f.role, Role::Level | Role::Total | Role::Part))
                .collect();
            // Denominators and numerators by the form of the claim.
            let (dens, nums): (Vec<&Fact>, Vec<&Fact>) = if PLAN_SHARE_RE.is_match(clause) {
                let plans: Vec<&Fact> = earlier.iter().filter(counts).filter(|f| f.role == Role::Plan).collect();
                (plans, nums)
            } else if OF_RE.is_match(clause)
                && !SHARE_WORD_RE.is_match(clause)
                && earlier.iter().any(|f| f.span.start >= s.span.start + clause_from)
            {
                // 占N的P%: the denominator is written inside 占…的.
                let inside: Vec<&Fact> =
                    earlier.iter().filter(counts).filter(|f| f.span.start >= s.span.start + clause_from).collect();
                let outside: Vec<&Fact> =
                    nums.into_iter().filter(|f| f.span.start < s.span.start + clause_from).collect();
                (inside, outside)
            } else if let Some((w, of)) =
                SHARE_WORD_RE.find(clause).map(|w| (w, false)).or_else(|| OF_RE.find(clause).map(|w| (w, true)))
            {
                // The share is of the figure before it: its clause has no
                // subject of its own (`，占比61%`, not `，其中老人占41%`).
                if clause[..w.start()].chars().count() > 2 || clause_from == 0 && !sh.qualitative {
                    continue;
                }
                // 占X的: X names the whole; it must be one of the figures
                // (占全部贷款的 ~ 发放贷款…), not a scope (占全国的).
                let whole = w.as_str().trim_start_matches('占').trim_end_matches('的');
                let whole = whole.trim_start_matches("全部").trim_start_matches('总');
                let generic = !of || whole.is_empty() || ["数", "量", "额"].contains(&whole);
                // 占比P%, 占比超过九成: of the nearest amount before, against a
                // larger one earlier in this sentence or, after a breakdown
                // marker, in the sentence before.
                let Some(n) = nums.last().copied() else { continue };
                let n_clause_end = s.span.start + clause_from;
                if n.span.end + 40 < n_clause_end {
                    continue;
                }
                let names_whole = |f: &Fact| {
                    generic || {
                        let c: Vec<char> = whole.chars().collect();
                        c.windows(2).any(|p| {
                            let p: String = p.iter().collect();
                            f.before.contains(&p) || f.after.contains(&p)
                        })
                    }
                };
                let mut dens: Vec<&Fact> = earlier
                    .iter()
                    .filter(counts)
                    .filter(|f| f.span.start < n.span.start && f.value > n.value && f.role != Role::Part)
                    .filter(|f| f.unit == n.unit || !generic)
                    .collect();
                if dens.is_empty() && facts.breakdown[k] && sh.qualitative && k > 0 {
                    dens = facts
                        .of_sentence(k - 1)
                        .iter()
                        .filter(counts)
                        .filter(|f| {
                            f.unit == n.unit && f.value > n.value && matches!(f.role, Role::Level | Role::Total)
                        })
                        .collect();
                }
                if !dens.iter().any(|d| names_whole(d)) {
                    continue;
                }
                (dens, vec![n])
            } else {
                continue;
            };
            let pairs: Vec<(&Fact, &Fact)> = nums
                .iter()
                .flat_map(|n| dens.iter().map(move |d| (*n, *d)))
                .filter(|(_, d)| d.value > 0.0)
                .filter(|(n, d)| !std::ptr::eq(*n, *d))
                .collect();
            if pairs.is_empty() {
                continue;
            }
            let agrees = pairs.iter().any(|(n, d)| {
                let rel_err = n.half_ulp / n.value.max(1e-9) + d.half_ulp / d.value;
                share_agrees(sh, n.value / d.value * 100.0, rel_err)
            });
            if agrees {
                continue;
            }
            // Report with the numerator that names what the share is of
            // (轮入量 → 轮入3.9万吨), else the nearest.
            let Some((n, d)) = pairs
                .iter()
                .filter(|(n, d)| n.unit == d.unit)
                .rev()
                .find(|(n, _)| {
                    let w: String = n.what().chars().rev().take(2).collect::<Vec<_>>().into_iter().rev().collect();
                    !w.is_empty() && clause.contains(&w)
                })
                .or(pairs.iter().rfind(|(n, d)| n.unit == d.unit))
                .copied()
            else {
                continue;
            };
            let c = n.value / d.value * 100.0;
            out.push(
                Hit::at(sh.span.clone())
                    .var("computed", format!("{}÷{}≈{c:.1}%", num(n, doc), num(d, doc)))
                    .var("stated", sh.text(doc)),
            );
        }
    }
}

/// Whether a computed relative change `c` (percent, signed by the
/// direction of the claim) agrees with a rate `r`.
fn rate_agrees(r: &Fact, c: f64) -> bool {
    let v = r.value;
    if r.qualitative {
        return match r.bound {
            Bound::Over => c >= v * 0.98,
            Bound::Under => c <= v * 1.02,
            Bound::About => c >= v * 0.8 && c <= v * 1.05,
            Bound::Exact => (c - v).abs() <= v * 0.1,
        };
    }
    let tol = (r.half_ulp + 0.15).max(1.0).max(c.abs() * 0.02);
    match r.bound {
        Bound::Over => c + tol >= v,
        Bound::Under => c - tol <= v,
        _ => (c - v).abs() <= tol,
    }
}

/// A rate word at the end of the words before a share (销号率, 覆盖率, 占比).
static RATE_KEY_RE: LazyLock<Regex> = LazyLock::new(|| crate::re::new(r"[\p{Han}]{2}率|占比|比例|比重").unwrap());

/// A share the title gives in words (九成, 过半, 七成以上) that the body's
/// percentage for the same rate does not support: title `销号率达九成`,
/// body `销号率78.4%`.
pub fn title_share(ctx: &Ctx, _p: &Params, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    let Some(title) = &doc.title else { return };
    let tt = doc.slice(title);
    let facts = ctx.facts();
    for t in crate::facts::text_facts(tt).into_iter().take(MAX_CHECKS_PER_SENTENCE) {
        if t.role != Role::Share || t.unit != "%" || !t.qualitative {
            continue;
        }
        let Some(key) = RATE_KEY_RE.find_iter(crate::facts::tail(&tt[..t.span.start], 12)).last() else {
            continue;
        };
        let key = key.as_str();
        let body: Vec<&Fact> = facts
            .all
            .iter()
            .filter(|f| f.role == Role::Share && f.unit == "%" && !f.qualitative && f.before.contains(key))
            .collect();
        if body.is_empty() || body.iter().any(|f| share_agrees(&t, f.value, 0.0)) {
            continue;
        }
        out.push(
            Hit::at(title.start + t.span.start..title.start + t.span.end)
                .var("body", format!("{}{}", key, body[0].text(doc))),
        );
    }
}

/// A change rate that does not follow from the figures before and after:
/// `216件，比上年同期增加97件，增长44.9%` (119 → 216 is +81.5 %),
/// `床位由24张增至40张，增加了一倍` (+67 %), `由A增至B，增加D` with D ≠ B − A.
pub fn change_claim(ctx: &Ctx, _p: &Params, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    let facts = ctx.facts();
    for (k, s) in doc.sentences.iter().enumerate() {
        let fs = facts.of_sentence(k);
        if fs.len() < 2 {
            continue;
        }
        let text = doc.slice(&s.span);
        let rel = |f: &Fact| f.span.start - s.span.start;
        let amount = |f: &Fact| f.unit != "%" && f.unit != "个百分点" && !f.qualitative;
        for (i, f) in fs.iter().enumerate() {
            let next_is = |j: usize, role: Role| fs.get(j).filter(|g| g.role == role);
            // 由A…至B, then a change amount or a qualitative rate.
            if f.role == Role::Before && amount(f) && f.value > 0.0 {
                let Some(b) = next_is(i + 1, Role::After).filter(|b| b.unit == f.unit && amount(b)) else {
                    continue;
                };
                let between = &text[rel(b) + b.span.len()..];
                let Some(r) = fs.get(i + 2) else { continue };
                if between[..rel(r) - rel(b) - b.span.len()].chars().count() > 8 {
                    continue;
                }
                let c = (b.value - f.value) / f.value * 100.0;
                if r.role == Role::Rate && r.qualitative {
                    let signed = c * r.dir as f64;
                    if !rate_agrees(r, signed) {
                        out.push(
                            Hit::at(r.span.clone())
                                .var("computed", format!("由{}到{}，变化{c:+.1}%", f.text(doc), b.text(doc))),
                        );
                    }
                } else if r.role == Role::Change && r.unit == f.unit && r.bound == Bound::Exact {
                    let d = (b.value - f.value).abs();
                    if (d - r.value).abs() > f.half_ulp + b.half_ulp + r.half_ulp + 1e-9
                        && (b.value - f.value).signum() as i8 == r.dir
                    {
                        out.push(
                            Hit::at(r.span.clone()).var(
                                "computed",
                                format!("{}−{}={}", num(b, doc), num(f, doc), show(d, &r.unit, b.scale)),
                            ),
                        );
                    }
                }
                continue;
            }
            // B，比…增加D，增长X%: the base is B − D.
            if f.role == Role::Level && amount(f) && f.bound == Bound::Exact {
                let Some(d) = next_is(i + 1, Role::Change).filter(|d| d.unit == f.unit && d.bound == Bound::Exact)
                else {
                    continue;
                };
                let Some(r) = next_is(i + 2, Role::Rate) else { continue };
                let lead_d = &text[rel(f) + f.span.len()..rel(d)];
                let lead_r = &text[rel(d) + d.span.len()..rel(r)];
                if !["比", "较", "同比", "环比"].iter().any(|w| lead_d.contains(w))
                    || lead_d.chars().count() > 16
                    || lead_r.chars().count() > 8
                    || ["年均", "平均", "实际", "可比", "同比", "环比"].iter().any(|w| lead_r.contains(w))
                    || lead_d.contains(['；', '。'])
                    || text[rel(r) + r.span.len()..].starts_with("个百分点")
                    || r.dir != d.dir
                {
                    continue;
                }
                let base = f.value - d.dir as f64 * d.value;
                if base <= 0.0 {
                    continue;
                }
                let c = d.value / base * 100.0;
                if rate_agrees(r, c) {
                    continue;
                }
                let wrong_base = !r.qualitative && (d.value / f.value * 100.0 - r.value).abs() <= r.half_ulp + 0.15;
                let note = if wrong_base {
                    "（所写增幅是以本期数为分母算的）"
                } else {
                    ""
                };
                let sign = if d.dir > 0 { "−" } else { "+" };
                out.push(Hit::at(r.span.clone()).var(
                    "computed",
                    format!(
                        "基数为{}{sign}{}={}，{}÷{}≈{c:.1}%{note}",
                        num(f, doc),
                        num(d, doc),
                        show(base, &f.unit, f.scale),
                        num(d, doc),
                        show(base, "", f.scale)
                    ),
                ));
            }
        }
        // 比…的A (an explicit base) and a qualitative rate: B ÷ A − 1.
        for (i, a) in fs.iter().enumerate() {
            if a.role != Role::Before || !amount(a) || a.value <= 0.0 {
                continue;
            }
            let Some(r) = fs[i + 1..].iter().find(|g| g.unit != a.unit || g.role != Role::Change) else {
                continue;
            };
            if !(r.role == Role::Rate && r.qualitative) {
                continue;
            }
            let Some(b) = fs[..i].iter().rev().find(|g| g.unit == a.unit && g.role == Role::Level).or_else(|| {
                fs[i + 1..].iter().find(|g| g.unit == a.unit && g.role == Role::Level && g.span.start > r.span.end)
            }) else {
                continue;
            };
            if fs.get(i + 1).is_some_and(|g| g.role == Role::After) {
                continue;
            }
            let c = (b.value - a.value) / a.value * 100.0 * r.dir as f64;
            if !rate_agrees(r, c) {
                out.push(
                    Hit::at(r.span.clone())
                        .var("computed", format!("由{}到{}，变化{:+.1}%", a.text(doc), b.text(doc), c * r.dir as f64)),
                );
            }
        }
        change_direction(doc, facts, k, out);
    }
}

/// Comparisons or averages checked per sentence: real sentences have a few;
/// the bound keeps a hostile sentence of thousands of figures linear.
const MAX_CHECKS_PER_SENTENCE: usize = 8;

/// `比…的A` right before a figure: A is the compared base.
static THAN_BASE_RE: LazyLock<Regex> = LazyLock::new(|| crate::re::new(r"比[^，。；]{0,12}的$").unwrap());

/// `合格率98.2%，比上年的96.5%下降1.7个百分点`: a rate compared with an
/// earlier one moves the other way than the change word says.
fn rate_direction(doc: &crate::document::Document, fs: &[Fact], out: &mut Vec<Hit>) {
    for (i, w) in fs.windows(2).enumerate() {
        let (a, d) = (&w[0], &w[1]);
        if a.unit != "%" || a.qualitative || d.unit != "个百分点" || d.dir == 0 || d.bound != Bound::Exact {
            continue;
        }
        if doc.text[a.span.end..d.span.start].chars().count() > 4
            || !THAN_BASE_RE.is_match(crate::facts::tail(&doc.text[..a.span.start], 16))
        {
            continue;
        }
        // The current rate: the nearest percentage before the comparison.
        let Some(b) = fs[..i].iter().rev().take(4).find(|f| f.unit == "%" && !f.qualitative && f.role == Role::Share)
        else {
            continue;
        };
        let diff = b.value - a.value;
        let tol = a.half_ulp + b.half_ulp + d.half_ulp + 1e-9;
        if (diff.abs() - d.value).abs() <= tol && diff.signum() as i8 == -d.dir && diff.abs() > tol {
            let verb = if diff > 0.0 { "提高" } else { "下降" };
            out.push(
                Hit::at(d.span.clone()).var(
                    "computed",
                    format!("由{}到{}是{verb}{}，增减方向写反了", a.text(doc), b.text(doc), d.text(doc)),
                ),
            );
        }
    }
}

/// `比…的A减少D` where the item's current figure, in this sentence or the
/// one before, is A + D (and none is A − D): the change word says the
/// opposite of the figures (5.47万件 → 5.93万件 called 减少0.46万件).
fn change_direction(doc: &crate::document::Document, facts: &crate::facts::Facts, k: usize, out: &mut Vec<Hit>) {
    let fs = facts.of_sentence(k);
    let amount = |f: &Fact| f.unit != "%" && f.unit != "个百分点" && !f.qualitative;
    rate_direction(doc, fs, out);
    // A bounded number of comparisons per sentence keeps hostile input linear.
    let mut checked = 0;
    for w in fs.windows(2) {
        let (a, d) = (&w[0], &w[1]);
        if a.role != Role::Before || d.role != Role::Change || !amount(a) || a.unit != d.unit || d.dir == 0 {
            continue;
        }
        if doc.text[a.span.end..d.span.start].chars().count() > 4 || d.bound != Bound::Exact {
            continue;
        }
        checked += 1;
        if checked > MAX_CHECKS_PER_SENTENCE {
            break;
        }
        let implied = a.value + d.dir as f64 * d.value;
        let opposite = a.value - d.dir as f64 * d.value;
        let near = |f: &Fact, v: f64| (f.value - v).abs() <= f.half_ulp + a.half_ulp + d.half_ulp + 1e-9;
        let current: Vec<&Fact> = (k.saturating_sub(1)..=k)
            .flat_map(|j| facts.of_sentence(j))
            .filter(|f| {
                amount(f)
                    && f.unit == a.unit
                    && matches!(f.role, Role::Level | Role::Total | Role::Part | Role::After)
                    && f.span != a.span
            })
            .collect();
        if current.iter().any(|f| near(f, implied)) {
            continue;
        }
        if let Some(b) = current.iter().find(|f| near(f, opposite)) {
            let verb = if d.dir > 0 { "减少" } else { "增加" };
            out.push(Hit::at(d.span.clone()).var(
                "computed",
                format!("文中现值{}比{}{verb}{}，增减方向写反了", b.text(doc), a.text(doc), d.text(doc)),
            ));
        }
    }
}

static COMPLETE_RE: LazyLock<Regex> = LazyLock::new(|| crate::re::new(r"分别为|分别是|依次为").unwrap());

/// Parts that do not add up to the total they break down: a breakdown
/// (分品种看, 从类型看 …) whose parts name the total's counted words
/// (`轮入3.9万吨 … 小麦轮入2.2万吨、稻谷1.1万吨、玉米0.8万吨`) and add up to
/// more than it, or a total listed completely (`共…N，分别为a、b、c`) whose
/// parts add up to another number. Rounding is allowed: each written figure
/// may be off by half its last digit.
pub fn breakdown_sum(ctx: &Ctx, _p: &Params, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    shares_over_whole(doc, out);
    let facts = ctx.facts();
    let amount = |f: &&Fact| f.unit != "%" && f.unit != "个百分点" && !f.qualitative;
    for (k, s) in doc.sentences.iter().enumerate() {
        let fs = facts.of_sentence(k);
        let text = doc.slice(&s.span);
        // 共…N，分别为a、b、c: complete.
        if let Some(m) = COMPLETE_RE.find(text) {
            let at = s.span.start + m.start();
            let total = fs.iter().filter(amount).rfind(|f| f.span.end <= at);
            if let Some(t) = total.filter(|t| t.role == Role::Total && t.bound == Bound::Exact) {
                let stop = text[m.end()..].find(['；', '。']).map_or(s.span.end, |i| s.span.start + m.end() + i);
                let parts: Vec<&Fact> = fs
                    .iter()
                    .filter(amount)
                    .filter(|f| f.span.start > at && f.span.end <= stop && f.unit == t.unit && f.role != Role::Change)
                    .collect();
                let between = &doc.text[t.span.end..at];
                if parts.len() >= 2
                    && parts.iter().all(|p| p.bound == Bound::Exact)
                    && between.chars().count() <= 12
                    && !between.contains(['；', '。'])
                {
                    report_sum(doc, t, &parts, true, out);
                }
            }
        }
        if !facts.breakdown[k] {
            continue;
        }
        let parts: Vec<&Fact> =
            fs.iter().filter(amount).filter(|f| f.role == Role::Part && f.bound == Bound::Exact).collect();
        let mut units: Vec<&str> = parts.iter().map(|p| p.unit.as_str()).collect();
        units.sort_unstable();
        units.dedup();
        for unit in units {
            let mine: Vec<&Fact> = parts.iter().copied().filter(|p| p.unit == unit).collect();
            // A short word repeated before several parts (委派1980件、调成1208件，
            // 委派1164件、调成603件) counts a second series, not a name: leave
            // that series out.
            let second: Vec<&str> = mine
                .iter()
                .filter(|p| p.before.chars().count() <= 3)
                .map(|p| p.before.as_str())
                .filter(|b| mine.iter().filter(|q| q.before == *b).count() >= 2)
                .collect();
            let mine: Vec<&Fact> = mine.into_iter().filter(|p| !second.contains(&p.before.as_str())).collect();
            if mine.len() < 2 {
                continue;
            }
            // The total: the nearest amount of this unit in the three
            // sentences before whose counted words every part repeats.
            // The counted word: a 2–4 character ending of the first part's
            // words (小麦轮入 → 轮入) that the total's words contain; every
            // other part repeats it or is a bare name (稻谷).
            let first: Vec<char> = mine[0].before.chars().collect();
            let words: Vec<String> = (2..=4.min(first.len().saturating_sub(1)))
                .rev()
                .map(|n| first[first.len() - n..].iter().collect())
                .collect();
            let total = (k.saturating_sub(3)..k).rev().flat_map(|j| facts.of_sentence(j).iter().rev()).find_map(|t| {
                if t.unit != unit || !matches!(t.role, Role::Level | Role::Total) || t.bound != Bound::Exact {
                    return None;
                }
                let w = words.iter().find(|w| t.before.contains(w.as_str()))?;
                mine.iter()
                    .all(|p| {
                        p.before.ends_with(w.as_str()) && p.before.len() > w.len() || p.before.chars().count() <= 3
                    })
                    .then_some(t)
            });
            if let Some(t) = total {
                report_sum(doc, t, &mine, false, out);
            }
        }
    }
}

/// A breakdown along one dimension (从学历看, 分年龄段看, 按行业分): what
/// follows, up to the end of the clause group, splits one whole.
static DIMENSION_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"从[^，。；%\d]{1,8}看|分[^，。；%\d]{1,6}看|按[^，。；%\d]{1,8}(?:分|划分)[，：]").unwrap()
});
/// A share given straight after 占 (本科占56.2%), or a 分别占 list; a share
/// of a named other whole (占全市的42%) has 的 before its figure and is left out.
static SHARE_OF_RE: LazyLock<Regex> = LazyLock::new(|| crate::re::new(r"占(?:比)?(?:为|约)?(\d+(?:\.\d+)?)%").unwrap());
/// The remainder of a list (其他行业, 其余), which makes the list complete.
static REMAINDER_RE: LazyLock<Regex> = LazyLock::new(|| crate::re::new(r"^(?:其他|其它|其余)").unwrap());
/// The next figure of a 分别占X%、Y%、Z% list.
static SHARE_NEXT_RE: LazyLock<Regex> = LazyLock::new(|| crate::re::new(r"^(?:、|和|及|，)(\d+(?:\.\d+)?)%").unwrap());

/// `从学历看，研究生占4.8%，本科占56.2%，专科占45.4%`: shares of one whole
/// along one dimension add up to more than 100 %.
fn shares_over_whole(doc: &crate::document::Document, out: &mut Vec<Hit>) {
    for s in &doc.sentences {
        let text = doc.slice(&s.span);
        if !text.contains('占') {
            continue;
        }
        // Openers: a dimension (从学历看), or 其中 when the list ends in a
        // remainder (其中建筑业占46%、交通运输业占38%、其他行业占23%).
        let openers = DIMENSION_RE
            .find_iter(text)
            .map(|m| (m.end(), false))
            .chain(text.match_indices("其中").map(|(i, w)| (i + w.len(), true)));
        for (from, among) in openers {
            let d_end = from;
            let rest = &text[d_end..];
            let stop = rest.find(['；', '。']).unwrap_or(rest.len());
            let part = &rest[..stop];
            // Each share: 占X%, and the further figures of a 分别占X%、Y% list.
            let mut shares: Vec<(usize, usize, f64, &str)> = Vec::new();
            let mut remainder = false;
            for c in SHARE_OF_RE.captures_iter(part) {
                let g = c.get(1).unwrap();
                // A share inside another (其中女性占45%) splits a part, not the whole.
                let clause = &part[part[..g.start()].rfind(['，', '、']).map_or(0, |i| i + '，'.len_utf8())..g.start()];
                if clause.contains("其中") {
                    continue;
                }
                if among && REMAINDER_RE.is_match(clause) {
                    remainder = true;
                }
                let mut end = c.get(0).unwrap().end();
                shares.push((g.start(), end, g.as_str().parse().unwrap_or(0.0), g.as_str()));
                while let Some(n) = SHARE_NEXT_RE.captures(&part[end..]) {
                    let g = n.get(1).unwrap();
                    let start = end + g.start();
                    end += n.get(0).unwrap().end();
                    shares.push((start, end, g.as_str().parse().unwrap_or(0.0), g.as_str()));
                }
            }
            if shares.len() < 2 || (among && !remainder) {
                continue;
            }
            let sum: f64 = shares.iter().map(|x| x.2).sum();
            let tol: f64 = shares
                .iter()
                .map(|x| 0.5 * 10f64.powi(-(x.3.split_once('.').map_or(0, |(_, d)| d.len()) as i32)))
                .sum();
            if sum > 100.0 + tol + 1e-9 {
                let base = s.span.start + d_end;
                let nums: Vec<String> = shares.iter().map(|x| format!("{}%", x.3)).collect();
                let shown = format!("{sum:.4}").trim_end_matches('0').trim_end_matches('.').to_string();
                out.push(
                    Hit::at(base + shares[0].0..base + shares[shares.len() - 1].1)
                        .var("computed", format!("{}={shown}%", nums.join("+")))
                        .var("total", "100%"),
                );
            }
        }
    }
}

fn report_sum(doc: &crate::document::Document, t: &Fact, parts: &[&Fact], complete: bool, out: &mut Vec<Hit>) {
    let sum: f64 = parts.iter().map(|p| p.value).sum();
    let tol: f64 = parts.iter().map(|p| p.half_ulp).sum::<f64>() + t.half_ulp;
    let diff = sum - t.value;
    // Parts within rounding agree; parts short of the total are fine unless
    // the list claims to be complete.
    if diff.abs() < tol - 1e-9 * t.value.abs().max(1.0) || diff.abs() <= 1e-9 || (!complete && diff < 0.0) {
        return;
    }
    let nums: Vec<String> = parts.iter().map(|p| num(p, doc)).collect();
    out.push(
        Hit::at(parts[0].span.start..parts[parts.len() - 1].span.end)
            .var("computed", format!("{}={}", nums.join("+"), show(sum, &t.unit, t.scale)))
            .var("total", t.text(doc)),
    );
}

/// `户均`, `亩均投入`, `平均每户`: an average per counted thing, the thing in
/// group 1 or 2.
static PER_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"([户人亩家村所校头床])均[\p{Han}]{0,4}$|平均每(?:个)?([户人亩家村所校头床])[\p{Han}]{0,4}$")
        .unwrap()
});

/// Statistics averaged over a population the item does not count
/// (人均可支配收入): not computed from the item's figures.
static PER_STATISTIC_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"可支配收入|纯收入|生产总值|GDP|消费支出|居住面积|寿命|储蓄|存款").unwrap());

/// An average that does not follow from the total and the count given
/// before it: `治理资金2940万元…4.2万亩…亩均投入900元` (700 元).
pub fn average_claim(ctx: &Ctx, _p: &Params, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    let facts = ctx.facts();
    for (k, s) in doc.sentences.iter().enumerate() {
        let averages = facts.of_sentence(k).iter().filter(|x| PER_RE.is_match(&x.before));
        for x in averages.take(MAX_CHECKS_PER_SENTENCE) {
            let Some(c) = PER_RE.captures(&x.before) else { continue };
            let per = c.get(1).or(c.get(2)).map_or("", |m| m.as_str());
            // 人均服务老人40人: people per person needs the nouns to tell the
            // total from the count; not checked.
            if x.qualitative || x.unit == "%" || x.unit == per || x.bound != Bound::Exact || x.value <= 0.0 {
                continue;
            }
            let rest = crate::facts::head(&doc.text[x.span.end..s.span.end], 40);
            let clause_end = x.span.end + rest.find(['，', '；', '。']).unwrap_or(rest.len());
            if PER_STATISTIC_RE.is_match(&x.before) || PER_STATISTIC_RE.is_match(&doc.text[x.span.end..clause_end]) {
                continue;
            }
            // The window: this sentence up to the average, and the sentence
            // before in the same paragraph.
            let from = if k > 0 && doc.sentences[k - 1].paragraph == s.paragraph {
                k - 1
            } else {
                k
            };
            let window: Vec<&Fact> = (from..=k)
                .flat_map(|j| facts.of_sentence(j))
                .filter(|f| f.span.end <= x.span.start && matches!(f.role, Role::Level | Role::Total) && !f.qualitative)
                .filter(|f| PER_RE.captures(&f.before).is_none())
                .collect();
            let counts = |f: &&&Fact| {
                let unit_ok = f.unit == per
                    || (per == "村" || per == "校") && f.unit == "个" && f.after.starts_with(per)
                    || per == "校" && f.unit == "所";
                unit_ok && f.bound == Bound::Exact
            };
            let totals: Vec<&&Fact> = window.iter().filter(|f| f.unit == x.unit).collect();
            let ns: Vec<&&Fact> = window.iter().filter(counts).collect();
            if totals.is_empty() || ns.is_empty() {
                continue;
            }
            let tol = |v: f64| x.half_ulp.max(v * 0.015) + 1e-9;
            let agrees = totals.iter().any(|t| {
                ns.iter().any(|n| n.value > 0.0 && ((t.value / n.value) - x.value).abs() <= tol(t.value / n.value))
            });
            if agrees {
                continue;
            }
            let (t, n) = (totals[totals.len() - 1], ns[ns.len() - 1]);
            if n.value <= 1.0 {
                continue;
            }
            let v = t.value / n.value;
            out.push(Hit::at(x.span.clone()).var(
                "computed",
                format!("{}÷{}≈{}", t.text(doc), n.text(doc), show(v, &x.unit, if v >= 1e5 { x.scale } else { "" })),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_before_an_offset() {
        assert_eq!(before("比年初下降0.5%", "比年初下降".len(), 4), "年初下降");
        assert_eq!(before("下降", "下降".len(), 4), "下降");
    }
}

/// `3人死亡` in a casualty title or body: the count, and what happened.
static CASUALTY_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(
        r"(\d+|[一二两三四五六七八九十])(?:人|名)[^，。；：\d\s]{0,10}?(死亡|遇难|身亡|受伤|失联|失踪|被困|中毒)|(死亡|遇难|身亡|受伤|失联|失踪|被困|中毒)(\d+|[一二两三四五六七八九十])(?:人|名)",
    )
    .unwrap()
});

/// Each casualty count in `text`: (class, number, span within `text`).
fn casualties(text: &str) -> Vec<(&'static str, u32, Span)> {
    CASUALTY_RE
        .captures_iter(text)
        .filter_map(|c| {
            let (n, w) = match (c.get(1), c.get(2), c.get(3), c.get(4)) {
                (Some(n), Some(w), _, _) => (n, w),
                (_, _, Some(w), Some(n)) => (n, w),
                _ => return None,
            };
            let m = c.get(0)?;
            let (v, _) = crate::facts::parse_number(n.as_str())?;
            Some((crate::facts::casualty_word(w.as_str())?, v as u32, m.start()..m.end()))
        })
        .collect()
}

/// The title gives a casualty count (3人死亡) that the body's counts of the
/// same outcome do not give (其中2人经抢救无效死亡).
pub fn title_casualties(ctx: &Ctx, _p: &Params, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    let (Some(title), Some(first), Some(last)) = (&doc.title, doc.paragraphs.first(), doc.paragraphs.last()) else {
        return;
    };
    let body = casualties(&doc.text[first.start..last.end]);
    for (class, n, span) in casualties(doc.slice(title)) {
        let said: Vec<u32> = body.iter().filter(|b| b.0 == class).map(|b| b.1).collect();
        // A title may add up places (阿富汗4人、巴基斯坦9人 → 13人遇难).
        if !said.is_empty() && !said.contains(&n) && said.iter().sum::<u32>() != n {
            let body_n = said.iter().map(|v| format!("{v}人")).collect::<Vec<_>>().join("、");
            out.push(Hit::at(title.start + span.start..title.start + span.end).var("body", format!("{body_n}{class}")));
        }
    }
}
