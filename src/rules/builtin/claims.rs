//! Built-in checks on claims that the figures or the body do not support:
//! a change between two rates written as a percentage, and a title that
//! claims more than the body reports.

use std::sync::LazyLock;

use super::super::kinds::Ctx;
use super::super::Hit;
use super::content::scaled;
use super::Params;
use crate::re::Regex;

static PERCENT_RE: LazyLock<Regex> = LazyLock::new(|| crate::re::new(r"(\d+(?:\.\d+)?)[%％]").unwrap());
static CHANGE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(?:提高|下降|上升|降低|增加|减少|回落|增长|下滑|上涨|缩小|扩大|回升|高出|低于|高于)了?约?$")
        .unwrap()
});
static RATE_RE: LazyLock<Regex> = LazyLock::new(|| crate::re::new(r"率|比重|占比|比例|份额|占全").unwrap());

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
        for &(start, end, x, is_change) in &all {
            if !is_change || x <= 0.0 {
                continue;
            }
            let levels: Vec<f64> = all.iter().filter(|p| !p.3).map(|p| p.2).collect();
            // Near 100 % a relative change can round to the same figure
            // (97.4% → 98.2% is +0.82 %); a change between two rates is still
            // written in 个百分点.
            let explains = levels
                .iter()
                .enumerate()
                .any(|(i, &a)| levels[i + 1..].iter().any(|&b| ((a - b).abs() - x).abs() < 0.051));
            if explains {
                out.push(Hit::at(s.span.start + start..s.span.start + end));
            }
        }
    }
}

static QTY_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(\d+(?:\.\d+)?)(万|亿)?(人次|人|户|家|件|项|个|元|吨|亩|辆|台|所|名|场|公里|头|只|起|批次|批|株|套|座|处|条|次)")
        .unwrap()
});
/// `比…176人`: the compared amount, after 比 and at most 16 characters.
static THAN_RE: LazyLock<Regex> = LazyLock::new(|| crate::re::new(r"比(?:[^，。；\d]|\d{4}年){0,16}$").unwrap());
/// An amount right after a change word is the difference, not the compared amount (比上年多20家).
static DIFF_BEFORE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(?:多|少|增加|减少|增长|下降|提高|降低|高|低|增|减|超|超过|高出|低于)了?$").unwrap()
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
    for s in &doc.sentences {
        let text = doc.slice(&s.span);
        if !text.contains('比') || !text.contains(['%', '％']) {
            continue;
        }
        let qs: Vec<_> = QTY_RE.captures_iter(text).collect();
        for (i, qa) in qs.iter().enumerate().skip(1) {
            let a_m = qa.get(0).unwrap();
            // A: right after 比 (the compared amount).
            if !THAN_RE.is_match(&text[..a_m.start()]) || DIFF_BEFORE_RE.is_match(&text[..a_m.start()]) {
                continue;
            }
            let unit = &qa[3];
            // B: the last amount of the same unit before 比, in the same clause list.
            let Some(qb) = qs[..i].iter().rev().find(|q| &q[3] == unit) else {
                continue;
            };
            let between = &text[qb.get(0).unwrap().end()..a_m.start()];
            if between.contains(['；', ';']) || ["同比", "年均", "平均", "每年"].iter().any(|w| between.contains(w))
            {
                continue;
            }
            let (Some(a), Some(b)) = (scaled(&qa[1], qa.get(2)), scaled(&qb[1], qb.get(2))) else {
                continue;
            };
            if a <= 0.0 || a == b {
                continue;
            }
            // The stated rate follows A, perhaps after the difference (增加38人，).
            let rest = &text[a_m.end()..];
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
            title: r"全面建成|全部建成|全面完成|全部完成|全面完工|全部完工|全面实现|全部实现|全覆盖|全部通过|全部达标|清零|全部消除|全部脱",
            contra: r"初步建成|基本建成|部分建成|基本完成|初步完成|尚未|仍有\d|其余\d|其余[一二三四五六七八九十两几]|顺延|未完成|未接入|只完成|仅完成|(?:完成|覆盖|转化|达标|通过|消除|实现|办结|建成)率(?:为|达|达到)?(?:[1-9]\d?(?:\.\d+)?)[%％]",
        },
        Claim {
            title: r"已完工|已竣工|已建成|已投用|已通车|已通暖|已投产|建成(?:通水|通车|投产|投用|投运|运行|开放)|(?:竣工|完工)(?:投用|投运|通车)|正式(?:通水|通车|投产|投用|投运|运行|开通)",
            contra: r"正在|试压|调试|试运行|试通水|试通车|试生产|试投产|即将|尚未|主体(?:工程)?(?:完工|竣工|封顶)|预计.{0,8}(?:完工|竣工|建成|投用|通车|投产|通水)|(?:将于|将在|计划于?)[^，。；]{0,12}(?:完工|竣工|建成|投用|通车|投产|通水)",
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

static PLANNED_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(?:计划|预计|将于|将在|将|拟|力争|争取|有望|确保|目标|要求)[^，。；]{0,14}$").unwrap()
});

/// The title claims more than the body reports: 签约 where the body has
/// only an 意向, 全面建成 where the body says 初步建成, 已完工 where work is
/// still under way, 正在 where it is finished.
pub fn title_overstated(ctx: &Ctx, _p: &Params, out: &mut Vec<Hit>) {
    let doc = ctx.doc;
    let (Some(title), Some(first), Some(last)) = (&doc.title, doc.paragraphs.first(), doc.paragraphs.last()) else {
        return;
    };
    let title_text = doc.slice(title);
    let body = &doc.text[first.start..last.end];
    for (claim, contra, stated) in CLAIMS.iter() {
        let Some(m) = claim.find(title_text) else { continue };
        if !contra.is_match(body) {
            continue;
        }
        // The body states the same claim as a fact (not 计划…签约): the title holds.
        // 建成后将… is a plan too.
        let as_fact = stated.find_iter(body).any(|s| {
            !PLANNED_RE.is_match(&body[..s.start()]) && !["后", "以后", "之后"].iter().any(|w| body[s.end()..].starts_with(w))
        });
        if as_fact && m.as_str() != "正在" {
            continue;
        }
        out.push(Hit::at(title.start + m.start()..title.start + m.end()));
        return;
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
