//! Decoded [`SourceFile`] → extracted [`Document`]: title, header, body
//! paragraphs and sentences, footer metadata, item type, report date and the
//! dates mentioned in the text.
//!
//! A document owns its extracted `text`. For plain text this is the source
//! text itself; for Markdown, markup is left out and an [`OffsetMap`] maps
//! every byte offset of `text` back to the source, so findings still point
//! into the original file.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};

use crate::re::Regex;
use crate::source::SourceFile;

/// Byte range into [`Document::text`].
pub type Span = Range<usize>;

/// The five item types (信息类别) that norms distinguish.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemType {
    /// 动态/要情: one event or figure, short.
    Dynamic,
    /// 综合: several units or a whole sector.
    Comprehensive,
    /// 经验: 做法 + 成效.
    Experience,
    /// 问题建议: 问题 + 原因 + 对策.
    Problem,
    /// 紧急: 突发事件 reports.
    Emergency,
}

impl ItemType {
    pub const ALL: [ItemType; 5] = [
        ItemType::Dynamic,
        ItemType::Comprehensive,
        ItemType::Experience,
        ItemType::Problem,
        ItemType::Emergency,
    ];

    /// The Chinese name used everywhere users see it (JSON included).
    pub fn name(self) -> &'static str {
        match self {
            ItemType::Dynamic => "动态",
            ItemType::Comprehensive => "综合",
            ItemType::Experience => "经验",
            ItemType::Problem => "问题建议",
            ItemType::Emergency => "紧急",
        }
    }

    /// Parse a type name, accepting the usual variants (动态信息, 紧急信息,
    /// 问题, 建议, 要情 …) and the English keys.
    pub fn parse(s: &str) -> Option<ItemType> {
        let s = s.trim();
        let t = match s {
            "dynamic" => return Some(ItemType::Dynamic),
            "comprehensive" => return Some(ItemType::Comprehensive),
            "experience" => return Some(ItemType::Experience),
            "problem" => return Some(ItemType::Problem),
            "emergency" => return Some(ItemType::Emergency),
            _ => s,
        };
        if t.contains("紧急") || t.contains("突发") || t.contains("特急") || t.contains("加急") {
            Some(ItemType::Emergency)
        } else if t.contains("问题") || t.contains("建议") || t.contains("社情民意") {
            Some(ItemType::Problem)
        } else if t.contains("经验") || t.contains("做法") {
            Some(ItemType::Experience)
        } else if t.contains("综合") {
            Some(ItemType::Comprehensive)
        } else if t.contains("动态") || t.contains("要情") || t.contains("快报") {
            Some(ItemType::Dynamic)
        } else {
            None
        }
    }
}

/// Where the item type came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeSource {
    Option,
    Header,
    Guess,
}

/// Where the report date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    Option,
    Footer,
    Today,
}

/// Options that shape extraction.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    pub item_type: Option<ItemType>,
    pub report_date: Option<NaiveDate>,
    /// Used when neither the option nor the footer gives a date.
    pub today: Option<NaiveDate>,
    pub markdown: bool,
}

/// Canonical footer field keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FooterKey {
    /// 报送单位
    Unit,
    /// 联系人 / 执笔人
    Contact,
    /// 电话
    Phone,
    /// 报送日期 / 报送时间
    Date,
    /// 签发人 / 审签人
    Signer,
}

impl FooterKey {
    pub fn name(self) -> &'static str {
        match self {
            FooterKey::Unit => "报送单位",
            FooterKey::Contact => "联系人",
            FooterKey::Phone => "电话",
            FooterKey::Date => "报送日期",
            FooterKey::Signer => "签发人",
        }
    }
}

#[derive(Debug, Clone)]
pub struct FooterField {
    pub key: FooterKey,
    /// The key as written (e.g. 执笔人).
    pub label: String,
    pub value: String,
    /// Span of the value.
    pub span: Span,
}

#[derive(Debug, Clone, Default)]
pub struct Footer {
    /// The footer lines.
    pub lines: Vec<Span>,
    pub fields: Vec<FooterField>,
}

impl Footer {
    pub fn get(&self, key: FooterKey) -> Option<&FooterField> {
        self.fields.iter().find(|f| f.key == key && !f.value.is_empty())
    }
}

/// How a date mention was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateKind {
    /// 2026年11月16日
    Full,
    /// 11月16日 (year taken from the report date)
    MonthDay,
    /// 16日 (year and month from the report date)
    DayOnly,
    /// 今天, 昨日, 上周 … (relative to the report date)
    Relative,
    /// 8时40分 with no date in the same sentence
    TimeOnly,
}

/// A date (and maybe time) mentioned in the title or body, resolved against
/// the report date.
#[derive(Debug, Clone)]
pub struct DateMention {
    pub span: Span,
    pub kind: DateKind,
    pub date: NaiveDate,
    /// Last day of a range (11月16日至18日); equals `date` otherwise.
    pub end: NaiveDate,
    pub time: Option<NaiveTime>,
    /// Followed by 前/之前/以前/止: a deadline, not an event.
    pub deadline: bool,
}

impl DateMention {
    pub fn datetime(&self) -> Option<NaiveDateTime> {
        self.time.map(|t| self.date.and_time(t))
    }
}

#[derive(Debug, Clone)]
pub struct Sentence {
    pub span: Span,
    pub paragraph: usize,
}

/// Maps byte offsets of extracted text back to the source text.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    /// (text_start, source_start, text_len, source_len), sorted. Verbatim
    /// pieces have `text_len == source_len`; a piece whose text differs from
    /// its source (an entity such as `&ldquo;`) maps as a whole.
    pieces: Vec<(usize, usize, usize, usize)>,
    identity: bool,
}

impl OffsetMap {
    pub fn identity() -> OffsetMap {
        OffsetMap { pieces: Vec::new(), identity: true }
    }

    fn piece(&self, off: usize) -> Option<(usize, usize, usize, usize)> {
        let i = self.pieces.partition_point(|p| p.0 <= off);
        (i > 0).then(|| self.pieces[i - 1])
    }

    /// Source offset of a text offset. Offsets inside inserted text (line
    /// breaks between Markdown blocks) map to the end of the piece before;
    /// offsets inside a non-verbatim piece map to its start.
    pub fn to_source(&self, off: usize) -> usize {
        if self.identity {
            return off;
        }
        match self.piece(off) {
            None => self.pieces.first().map_or(0, |p| p.1),
            Some((ts, ss, tl, sl)) => {
                if off >= ts + tl {
                    ss + sl
                } else if tl == sl {
                    ss + (off - ts)
                } else {
                    ss
                }
            }
        }
    }

    /// Source offset just after the text byte at `off`.
    fn end_after(&self, off: usize) -> usize {
        match self.piece(off) {
            None => self.pieces.first().map_or(0, |p| p.1),
            Some((ts, ss, tl, sl)) => {
                if off >= ts + tl {
                    ss + sl
                } else if tl == sl {
                    ss + (off - ts) + 1
                } else {
                    ss + sl
                }
            }
        }
    }

    pub fn span_to_source(&self, span: &Span) -> Span {
        if self.identity {
            return span.clone();
        }
        let s = self.to_source(span.start);
        if span.is_empty() {
            return s..s;
        }
        // Map the last byte's end through its own piece.
        let e = self.end_after(span.end - 1);
        s..e.max(s)
    }
}

/// A line of the extracted text.
#[derive(Debug, Clone)]
pub struct Line {
    pub span: Span,
    pub heading: bool,
}

/// An extracted draft.
#[derive(Debug, Clone)]
pub struct Document {
    /// Extracted text; all spans index it.
    pub text: String,
    pub map: OffsetMap,
    /// Header lines (类别：紧急信息 …), not part of title or body.
    pub header: Vec<Span>,
    pub title: Option<Span>,
    /// Body paragraphs, in order (title, header and footer excluded).
    pub paragraphs: Vec<Span>,
    pub sentences: Vec<Sentence>,
    pub footer: Option<Footer>,
    pub item_type: ItemType,
    pub type_source: TypeSource,
    /// For an inferred type: the cue that decided it.
    pub type_cue: Option<String>,
    /// False only for a type inferred from a weak cue: type-dependent rules
    /// then report as info.
    pub type_confident: bool,
    pub report_date: NaiveDate,
    pub report_time: Option<NaiveTime>,
    pub date_source: DateSource,
    /// Dates mentioned in title and body, in text order.
    pub dates: Vec<DateMention>,
    /// Cited names and terms in title and body, in text order: the inside of
    /// a 《…》 (a work or document), a 【…】 (a column) and a short “…” (a
    /// named campaign, slogan or term, see [`cited_spans`]). Wording rules
    /// that judge the writer's own words skip them (`skip_cited`).
    pub cited: Vec<Cited>,
}

/// A cited name or term (see [`Document::cited`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cited {
    /// The inside of the marks.
    pub span: Span,
    /// Marked by “…” (a quoted term) rather than 《…》 or 【…】 (a title).
    pub quote: bool,
}

impl Document {
    pub fn slice(&self, span: &Span) -> &str {
        &self.text[span.clone()]
    }

    pub fn title_text(&self) -> &str {
        self.title.as_ref().map_or("", |s| self.slice(s))
    }

    /// The span a document-level finding points at: the title, else the
    /// first line with text.
    pub fn anchor(&self) -> Span {
        self.title.clone().or_else(|| self.paragraphs.first().cloned()).unwrap_or(0..0)
    }

    /// Han characters (U+4E00–U+9FFF) of the body.
    pub fn body_han(&self) -> usize {
        self.paragraphs.iter().map(|p| han_count(self.slice(p))).sum()
    }

    /// Title, then body paragraphs.
    pub fn text_spans(&self) -> impl Iterator<Item = &Span> {
        self.title.iter().chain(self.paragraphs.iter())
    }

    /// Index of the paragraph containing `off`.
    pub fn paragraph_of(&self, off: usize) -> Option<usize> {
        let i = self.paragraphs.partition_point(|p| p.end < off);
        (i < self.paragraphs.len() && self.paragraphs[i].start <= off).then_some(i)
    }

    /// Whether `span` lies inside a cited name or term ([`Document::cited`]).
    /// With `quotes` false, only inside a 《…》 or 【…】.
    pub fn is_cited(&self, span: &Span, quotes: bool) -> bool {
        let i = self.cited.partition_point(|c| c.span.end < span.end);
        self.cited
            .get(i)
            .is_some_and(|c| c.span.start <= span.start && span.end <= c.span.end && (quotes || !c.quote))
    }

    /// The sentence after the one containing `off`, in the same paragraph.
    pub fn next_sentence(&self, off: usize) -> Option<Span> {
        let i = self.sentences.partition_point(|s| s.span.end <= off);
        let cur = self.sentences.get(i).filter(|s| s.span.start <= off)?;
        self.sentences.get(i + 1).filter(|n| n.paragraph == cur.paragraph).map(|n| n.span.clone())
    }

    /// The sentence (or the title) containing byte offset `off`.
    pub fn sentence_at(&self, off: usize) -> Span {
        if let Some(t) = &self.title {
            if t.start <= off && off <= t.end {
                return t.clone();
            }
        }
        let i = self.sentences.partition_point(|s| s.span.end <= off);
        match self.sentences.get(i) {
            Some(s) if s.span.start <= off => s.span.clone(),
            _ => self
                .footer
                .as_ref()
                .and_then(|f| f.lines.iter().find(|l| l.start <= off && off <= l.end))
                .cloned()
                .unwrap_or(off..off),
        }
    }
}

pub fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// `char::is_alphanumeric` with a fast path for CJK ideographs and ASCII
/// (the characters of almost every draft).
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if matches!(c, '\u{4E00}'..='\u{9FFF}') {
        true
    } else if matches!(
        c,
        // Chinese punctuation (none of it alphanumeric), checked before
        // the slow Unicode table lookup.
        '\u{2010}'..='\u{2027}'
            | '\u{3001}'..='\u{3003}'
            | '\u{3008}'..='\u{3011}'
            | '\u{3014}'..='\u{301F}'
            | '\u{FF01}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF20}'
            | '\u{FF3B}'..='\u{FF40}'
            | '\u{FF5B}'..='\u{FF65}'
    ) {
        false
    } else {
        c.is_alphanumeric()
    }
}

pub fn han_count(s: &str) -> usize {
    s.chars().filter(|&c| is_han(c)).count()
}

/// Extract a document from a decoded source file.
pub fn extract(src: &SourceFile, opts: &ExtractOptions) -> Document {
    let (text, map, lines) = if opts.markdown {
        markdown_lines(&src.text)
    } else {
        let lines = (0..src.lines.len())
            .map(|i| Line { span: src.lines.line_range(&src.text, i), heading: false })
            .collect();
        (src.text.clone(), OffsetMap::identity(), lines)
    };
    build(text, map, lines, opts)
}

fn trim_span(text: &str, span: Span) -> Span {
    let s = &text[span.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead == s.len() {
        return span.start..span.start;
    }
    span.start + lead..span.end - trail
}

/// Compile the regexes extraction uses now rather than at the first
/// document (a run does this on a spare thread during start-up), light or
/// full as [`crate::re::light_first`] says.
pub fn warm_up() {
    for re in [
        &HEADER_RE,
        &FOOTER_KEY_RE,
        &FOOTER_UNIT_RE,
        &DATE_FULL_RE,
        &DATE_ANY_RE,
        &RANGE_TAIL_RE,
        &TIME_TAIL_RE,
        &EMERGENCY_TITLE_RE,
        &NOT_INCIDENT_RE,
        &EXERCISE_TITLE_RE,
        &URGENT_TITLE_RE,
        &PROGRESS_TITLE_RE,
        &RESULT_TITLE_RE,
        &PROBLEM_TITLE_RE,
        &FINDING_TITLE_RE,
        &CAUSE_RE,
        &EXPERIENCE_RE,
        &COMPREHENSIVE_TITLE_RE,
        &PERIOD_RE,
        &ENUM_RE,
        &PRACTICE_RE,
        &SUGGEST_RE,
        &BREAKDOWN_RE,
        &MEASURE_PARA_RE,
        &MEETING_LEAD_RE,
        &DAY_LEAD_RE,
        &ASPECT_RE,
    ] {
        re.warm_up(!crate::re::light_first());
    }
}

static HEADER_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"^(?:信息)?(?:类别|类型|分类|紧急程度)\s*[:：]\s*(\S.*)$").unwrap());

static FOOTER_KEY_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(
        r"(报送单位|报送部门|供稿单位|报送日期|报送时间|联系电话|电话|联系人|执笔人|执笔|撰稿人|撰稿|信息员|签发人|签发|审签人|审签|核稿人|核稿)\s*[:：]",
    )
    .unwrap()
});

static FOOTER_UNIT_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"^[（(][^（）()]{2,30}(局|委|办|厅|政府|中心|院|所|部|街道|镇|乡|公司|委员会|办公室)[）)]$")
        .unwrap()
});

fn footer_key(label: &str) -> FooterKey {
    match label {
        "报送单位" | "报送部门" | "供稿单位" => FooterKey::Unit,
        "报送日期" | "报送时间" => FooterKey::Date,
        "联系电话" | "电话" => FooterKey::Phone,
        "签发人" | "签发" | "审签人" | "审签" | "核稿人" | "核稿" => FooterKey::Signer,
        _ => FooterKey::Contact,
    }
}

fn build(text: String, map: OffsetMap, lines: Vec<Line>, opts: &ExtractOptions) -> Document {
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| Line { span: trim_span(&text, l.span), heading: l.heading })
        .filter(|l| !l.span.is_empty())
        .collect();

    // Footer: trailing lines that carry footer keys.
    let mut footer_from = lines.len();
    while footer_from > 0 {
        let l = &text[lines[footer_from - 1].span.clone()];
        let is_footer = FOOTER_KEY_RE.is_match(l) && han_count(l) < 120
            || (footer_from == lines.len() && FOOTER_UNIT_RE.is_match(l));
        if !is_footer {
            break;
        }
        footer_from -= 1;
    }
    // Keep at least a title.
    if footer_from == 0 && !lines.is_empty() {
        footer_from = 1;
    }
    let footer = (footer_from < lines.len()).then(|| parse_footer(&text, &lines[footer_from..]));

    // Header lines among the first three lines, and the title.
    let mut header = Vec::new();
    let mut header_type = None;
    let mut title_idx = None;
    let first_heading = lines[..footer_from].iter().position(|l| l.heading);
    for (i, l) in lines[..footer_from].iter().enumerate() {
        let s = &text[l.span.clone()];
        if i < 3 {
            if let Some(c) = HEADER_RE.captures(s) {
                header.push(l.span.clone());
                if header_type.is_none() {
                    header_type = ItemType::parse(&c[1]);
                }
                continue;
            }
        }
        if title_idx.is_none() && first_heading.is_none_or(|h| h == i) {
            title_idx = Some(i);
        }
    }
    let title = title_idx.map(|i| lines[i].span.clone());
    let paragraphs: Vec<Span> = lines[..footer_from]
        .iter()
        .enumerate()
        .filter(|(i, l)| Some(*i) != title_idx && !header.contains(&l.span))
        .map(|(_, l)| l.span.clone())
        .collect();
    let sentences = split_sentences(&text, &paragraphs);

    // Report date and time.
    let footer_dt = footer.as_ref().and_then(|f| f.get(FooterKey::Date)).and_then(|f| {
        DATE_FULL_RE.captures(&f.value).and_then(|c| {
            let d = ymd(&c[1], &c[2], &c[3])?;
            Some((d, time_from_caps(&c)))
        })
    });
    let (report_date, report_time, date_source) = match (opts.report_date, footer_dt) {
        (Some(d), Some((fd, t))) if fd == d => (d, t, DateSource::Option),
        (Some(d), _) => (d, None, DateSource::Option),
        (None, Some((d, t))) => (d, t, DateSource::Footer),
        (None, None) => (opts.today.unwrap_or_else(|| chrono::Local::now().date_naive()), None, DateSource::Today),
    };

    let mut doc = Document {
        text,
        map,
        header,
        title,
        paragraphs,
        sentences,
        footer,
        item_type: ItemType::Dynamic,
        type_source: TypeSource::Guess,
        type_cue: None,
        type_confident: true,
        report_date,
        report_time,
        date_source,
        dates: Vec::new(),
        cited: Vec::new(),
    };
    doc.dates = find_dates(&doc);
    doc.cited = doc.text_spans().flat_map(|s| cited_spans(&doc.text, s)).collect();
    let (t, s) = match (opts.item_type, header_type) {
        (Some(t), _) => (t, TypeSource::Option),
        (None, Some(t)) => (t, TypeSource::Header),
        (None, None) => {
            let g = guess_type(&doc);
            doc.type_cue = Some(g.cue);
            doc.type_confident = g.confident;
            (g.item_type, TypeSource::Guess)
        }
    };
    doc.item_type = t;
    doc.type_source = s;
    doc
}

fn parse_footer(text: &str, lines: &[Line]) -> Footer {
    let mut fields = Vec::new();
    for l in lines {
        let s = &text[l.span.clone()];
        let keys: Vec<_> = FOOTER_KEY_RE.captures_iter(s).map(|c| c.get(0).unwrap()).collect();
        if keys.is_empty() {
            // A bare （XX局） line names the unit.
            let inner = s.trim_matches(|c| matches!(c, '（' | '）' | '(' | ')'));
            let start = l.span.start + s.find(inner).unwrap_or(0);
            fields.push(FooterField {
                key: FooterKey::Unit,
                label: String::new(),
                value: inner.to_string(),
                span: start..start + inner.len(),
            });
            continue;
        }
        for (i, k) in keys.iter().enumerate() {
            let vend = keys.get(i + 1).map_or(s.len(), |n| n.start());
            let raw = &s[k.end()..vend];
            let value = raw.trim_matches(|c: char| {
                c.is_whitespace() || matches!(c, '，' | ',' | '；' | ';' | '、' | '）' | ')' | '（' | '(')
            });
            let vstart = if value.is_empty() {
                k.end()
            } else {
                k.end() + raw.find(value).unwrap_or(0)
            };
            let label = s[k.start()..k.end()]
                .trim_end_matches(|c: char| c == ':' || c == '：' || c.is_whitespace())
                .to_string();
            fields.push(FooterField {
                key: footer_key(&label),
                label,
                value: value.to_string(),
                span: l.span.start + vstart..l.span.start + vstart + value.len(),
            });
        }
    }
    Footer {
        lines: lines.iter().map(|l| l.span.clone()).collect(),
        fields,
    }
}

fn is_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '…')
}

fn is_closer(c: char) -> bool {
    matches!(c, '”' | '’' | '）' | '》' | '」' | '』' | '】' | ')' | '"' | '\'' | '〕')
}

/// Split each paragraph into sentences on 。！？；… keeping closing quotes
/// and brackets with the sentence they end.
fn split_sentences(text: &str, paragraphs: &[Span]) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (pi, p) in paragraphs.iter().enumerate() {
        let s = &text[p.clone()];
        let mut start = 0;
        let mut it = s.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            if !is_terminator(c) {
                continue;
            }
            let mut end = i + c.len_utf8();
            while let Some(&(j, n)) = it.peek() {
                if is_terminator(n) || is_closer(n) {
                    end = j + n.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
            push_sentence(&mut out, text, p.start + start..p.start + end, pi);
            start = end;
        }
        if start < s.len() {
            push_sentence(&mut out, text, p.start + start..p.end, pi);
        }
    }
    out
}

fn push_sentence(out: &mut Vec<Sentence>, text: &str, span: Span, paragraph: usize) {
    let span = trim_span(text, span);
    if !span.is_empty() {
        out.push(Sentence { span, paragraph });
    }
}

// ---------------------------------------------------------------- dates

static DATE_FULL_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:\s*(?:凌晨|早上|上午|中午|下午|傍晚|晚上|夜间|夜里)?(\d{1,2})[时点:：](?:(\d{1,2})分?)?)?").unwrap()
});

/// All date forms, tried at each position: full date, month-day, day-only,
/// relative words, and a bare time.
static DATE_ANY_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(concat!(
        r"(?P<full>(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日)",
        r"|(?P<md>(?P<m2>\d{1,2})月(?P<d2>\d{1,2})[日号])",
        r"|(?P<dd>(?P<d3>\d{1,2})日)",
        r"|(?P<rel>今天|今日|今晨|昨天|昨日|昨晚|昨夜|前天|前日|上周|本周)",
        r"|(?P<t>(?:凌晨|早上|上午|中午|下午|傍晚|晚上|夜间|夜里)?(?P<h>\d{1,2})(?:时|点)(?:(?P<mi>\d{1,2})分|许)?)"
    ))
    .unwrap()
});

/// Range continuation after a date: 至18日, —12月2日, 到20日.
static RANGE_TAIL_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"^(?:至|到|－|-|—|～|~)(?:(?P<m>\d{1,2})月)?(?P<d>\d{1,2})日").unwrap());

static TIME_TAIL_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"^\s*(?P<p>凌晨|早上|上午|中午|下午|傍晚|晚上|夜间|夜里)?(?P<h>\d{1,2})(?:时|点|:|：)(?:(?P<mi>\d{1,2})分?|许)?").unwrap()
});

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

fn time_from_caps(c: &crate::re::Captures) -> Option<NaiveTime> {
    let h: u32 = c.get(4)?.as_str().parse().ok()?;
    let m: u32 = c.get(5).map_or(Some(0), |m| m.as_str().parse().ok())?;
    NaiveTime::from_hms_opt(h, m, 0)
}

fn period_hour(period: Option<&str>, h: u32) -> u32 {
    match period {
        Some("下午" | "傍晚" | "晚上") if h < 12 => h + 12,
        Some("夜间" | "夜里") if (6..12).contains(&h) => h + 12,
        _ => h,
    }
}

/// Resolve month/day against the report date: a date more than 60 days in
/// the future belongs to the previous year (a January report about 12月).
fn resolve_md(report: NaiveDate, m: u32, d: u32) -> Option<NaiveDate> {
    let date = NaiveDate::from_ymd_opt(report.year(), m, d)?;
    if date > report + Duration::days(60) {
        NaiveDate::from_ymd_opt(report.year() - 1, m, d)
    } else {
        Some(date)
    }
}

fn resolve_day(report: NaiveDate, d: u32) -> Option<NaiveDate> {
    if d > report.day() {
        let prev = report.with_day(1)? - Duration::days(1);
        NaiveDate::from_ymd_opt(prev.year(), prev.month(), d)
    } else {
        NaiveDate::from_ymd_opt(report.year(), report.month(), d)
    }
}

fn find_dates(doc: &Document) -> Vec<DateMention> {
    let report = doc.report_date;
    let mut out = Vec::new();
    for span in doc.text_spans() {
        let s = &doc.text[span.clone()];
        // Where sentences end, for the sentence of a bare time (found by
        // binary search rather than by searching back through the span).
        let ends: Vec<usize> = s.match_indices(['。', '！', '？', '；']).map(|(i, _)| i + '。'.len_utf8()).collect();
        let mut pos = 0;
        // Date of the current sentence, for bare times.
        let mut last_date: Option<(NaiveDate, usize)> = None;
        while let Some(c) = DATE_ANY_RE.captures_at(s, pos) {
            let m0 = c.get(0).unwrap();
            pos = m0.end().max(m0.start() + 1);
            let prev = s[..m0.start()].chars().next_back();
            // Reject digits glued to a preceding digit or a preceding 月/年
            // (already consumed) and durations such as 3日内 handled below.
            if prev.is_some_and(|p| p.is_ascii_digit() || p == '.' || p == '第') {
                continue;
            }
            let (kind, date) = if c.name("full").is_some() {
                match ymd(&c["y"], &c["m"], &c["d"]) {
                    Some(d) => (DateKind::Full, d),
                    None => continue,
                }
            } else if c.name("md").is_some() {
                let (Ok(m), Ok(d)) = (c["m2"].parse(), c["d2"].parse()) else {
                    continue;
                };
                match resolve_md(report, m, d) {
                    Some(d) => (DateKind::MonthDay, d),
                    None => continue,
                }
            } else if c.name("dd").is_some() {
                // "16日" alone; not "3日内" style durations of 工作日.
                if prev.is_some_and(|p| p == '月' || p == '至' || p == '到') {
                    continue;
                }
                // "限期10日内整改" is a duration.
                if ["内", "以内", "之内"].iter().any(|w| s[m0.end()..].starts_with(w)) {
                    continue;
                }
                let Ok(d) = c["d3"].parse() else { continue };
                match resolve_day(report, d) {
                    Some(d) => (DateKind::DayOnly, d),
                    None => continue,
                }
            } else if let Some(r) = c.name("rel") {
                let d = match r.as_str() {
                    "今天" | "今日" | "今晨" | "本周" => report,
                    "昨天" | "昨日" | "昨晚" | "昨夜" => report - Duration::days(1),
                    "前天" | "前日" => report - Duration::days(2),
                    _ => report - Duration::days(7),
                };
                (DateKind::Relative, d)
            } else {
                // A bare time: attach to the last date of this sentence.
                let Ok(h) = c["h"].parse::<u32>() else { continue };
                let mi = c.name("mi").map_or(0, |m| m.as_str().parse().unwrap_or(0));
                let period = ["凌晨", "早上", "上午", "中午", "下午", "傍晚", "晚上", "夜间", "夜里"]
                    .into_iter()
                    .find(|p| m0.as_str().starts_with(p));
                let Some(t) = NaiveTime::from_hms_opt(period_hour(period, h), mi, 0) else {
                    continue;
                };
                let sent_start = match ends.partition_point(|&e| e <= m0.start()) {
                    0 => 0,
                    k => ends[k - 1],
                };
                if let Some((d, at)) = last_date {
                    if at >= sent_start {
                        if let Some(prev) = out.last_mut() {
                            let prev: &mut DateMention = prev;
                            if prev.time.is_none() && prev.date == d {
                                prev.time = Some(t);
                                prev.span.end = span.start + m0.end();
                                continue;
                            }
                        }
                    }
                }
                // "9时前恢复通行" is a deadline, not an event time.
                let rest = &s[m0.end()..];
                let deadline = ["前", "之前", "以前"].iter().any(|w| rest.starts_with(w));
                out.push(DateMention {
                    span: span.start + m0.start()..span.start + m0.end(),
                    kind: DateKind::TimeOnly,
                    date: report,
                    end: report,
                    time: Some(t),
                    deadline,
                });
                continue;
            };
            let mut end_off = m0.end();
            let mut end_date = date;
            if let Some(r) = RANGE_TAIL_RE.captures(&s[end_off..]) {
                let m = r.name("m").and_then(|m| m.as_str().parse().ok()).unwrap_or(date.month());
                if let Some(e) = r["d"].parse().ok().and_then(|d| NaiveDate::from_ymd_opt(date.year(), m, d)) {
                    if e >= date {
                        end_date = e;
                        end_off += r.get(0).unwrap().end();
                    }
                }
            }
            let mut time = None;
            if let Some(t) = TIME_TAIL_RE.captures(&s[end_off..]) {
                let h: u32 = t["h"].parse().unwrap_or(99);
                let mi = t.name("mi").map_or(0, |m| m.as_str().parse().unwrap_or(99));
                let p = t.name("p").map(|p| p.as_str());
                if let Some(tt) = NaiveTime::from_hms_opt(period_hour(p, h), mi, 0) {
                    time = Some(tt);
                    end_off += t.get(0).unwrap().end();
                }
            }
            let rest = &s[end_off..];
            // "12月5日前完成" is a deadline; "截至11月18日" is the date a
            // figure stands at, which counts as an event date.
            let deadline = ["前", "之前", "以前", "为止", "止"].iter().any(|w| rest.starts_with(w))
                && !s[..m0.start()].ends_with("截至");
            pos = end_off.max(pos);
            last_date = Some((date, m0.start()));
            out.push(DateMention {
                span: span.start + m0.start()..span.start + end_off,
                kind,
                date,
                end: end_date,
                time,
                deadline,
            });
        }
    }
    out
}

// ---------------------------------------------------------------- type guess

static EMERGENCY_TITLE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"事故|火灾|起火|爆炸|爆燃|泄漏|坍塌|侧翻|险情|突发|续报|伤亡|遇难|被困|失联|中毒|溺水|塌方|滑坡|相撞|追尾|燃爆").unwrap()
});
static PROBLEM_TITLE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"问题|建议|亟待|亟需|亟须|困难|隐患|堵点|难点|短板|瓶颈|风险|难题|制约|不足|滞后|闲置|停用|值得关注|引起重视|需要\d+天|偏低|偏高|下滑|矛盾|漏洞|未能|未按期|未及时|过期|扩散|蔓延|加剧|不到位|不规范|难以|缺口|短缺|积压|拖欠").unwrap()
});
/// An incident word that names equipment, drills or prevention (燃气泄漏报警器,
/// 火灾防控, 事故应急演练) does not report an incident.
static NOT_INCIDENT_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"^(?:报警|监测|检测|预警|探测|演练|应急演练|防控|防范|隐患|风险|保险|救援队|防治|警示|知识|科普|宣传|起数|数量|总量|发生率|死亡率|同比|被?问责|被?追责|责任追究|调查组)|(?:防范|预防|防止|防控|应对|处置|发现|排查|排除|整治)$").unwrap()
});
static URGENT_TITLE_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"亟待|亟需|亟须|值得关注|引起重视").unwrap());
/// Drills, training and publicity about incidents are not incidents.
static EXERCISE_TITLE_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"演练|演习|培训|宣传|知识竞赛|预案|科普").unwrap());
/// A title that reports progress or the state of a field of work (进展情况,
/// 工作情况) is a 综合 item even when the body explains a cause.
static PROGRESS_TITLE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"进展情况|工作进展|推进情况|完成情况|工作情况|总体情况|运行情况|综述|情况$|^[^，。]{0,8}(?:\d{1,2}至\d{1,2}月|1—\d{1,2}月|前三季度|上半年|今年以来)").unwrap()
});
/// A title that announces a result with its figure (追回欠薪2047万元, 搬迁完成
/// 386户) reports an achievement, whatever problem words it contains.
static RESULT_TITLE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(?:完成|建成|追回|挽回|新增|实现|突破|帮助|解决|办结|惠及|累计|签约|化解)[^，。；]{0,10}\d")
        .unwrap()
});
/// Inspection results (检查发现问题车辆7辆) are news, not problem items.
static FINDING_TITLE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"发现|排查|检查|整改|解决|破解|列入|采纳|盘活|治理|化解|消除|清理|查获|查处|查扣|查封|破获|收缴|销毁|整治|帮查|督查|巡查").unwrap()
});
static CAUSE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(造成|产生|出现)(这一|这些|上述|该)?(问题|现象)的(主要)?原因|原因主要(有|是)|主要原因(有|是)|的原因[：:]|原因有[二三四两]").unwrap()
});
static EXPERIENCE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"做法|经验|启示|模式|机制|探索|路径|破解|蹚出|走出|推行|推广|试点|盘活|以[^，。\s]{1,3}促[^进，。\s]|以[^，。]{1,10}(?:推动|促进|带动|助力|提升|破解)|实行[^，。]{0,8}(?:管护|管理|模式|机制|制度)")
            .unwrap()
});
/// A title that covers a period or a body of work (1至10月, 情况, 各地): strong.
static COMPREHENSIVE_TITLE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"^\d{4}年度?[^\d月底末初秋春夏冬]|各地|各乡镇|全年|年来|十年|前\d{1,2}个?月|前[一二三四五六七八九十]{1,2}个?月|\d{1,2}至\d{1,2}月|\d{1,2}[—–-]\d{1,2}月|季度|综述|总体|情况|上半年|工作(?:综述|总结|进展|成效)")
        .unwrap()
});
/// A title that names a whole area (全县, 我国): a weaker cue, often one
/// event of that area.
static AREA_TITLE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"全市|全县|全区|全省|全镇|全国(?:[^首第唯最率性人政代台消妇总工青]|$)|多地|多省|我国").unwrap()
});
/// A lead that opens with a period (1至10月, 2026年以来, 今年1至10月, 10月以来,
/// 2026年初): the item reviews a stretch of time.
static PERIOD_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"^(?:\d{4}年|今年)?(?:\d{1,2}至\d{1,2}月|\d{1,2}月至\d{1,2}月|1—\d{1,2}月|前三季度|上半年|\d{1,2}月以来|年?初以来|初，|以来)|^\d{4}年，|^(?:\d{4}(?:[—–-]\d{4})?年|今年|本年度)?(?:秋季学期|春季学期|本学期|汛期|主汛期|供暖季|采暖季|秋冬季|冬春季|三夏|三秋|秋收|春耕|禁渔期|休渔期)(?:以来|期间)?，").unwrap()
});
static ENUM_RE: LazyLock<Regex> = LazyLock::new(|| crate::re::new(r"[一二三四]是").unwrap());
/// The body names the unit's practice (主要做法, 具体做法是, 这一做法,
/// 做法如下, 主要经验): the 基本做法 part of an experience item.
static PRACTICE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(?:主要|具体|其|有关|这一|这些|该|上述|创新)做法|做法(?:是|有|如下)|主要经验").unwrap()
});
/// A proposal section in the body (建议：, 为此建议, 提出如下建议, 建议一是):
/// problem, causes and proposals make a 问题建议 item.
static SUGGEST_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(?:^|[。；：:\n])(?:为此|对此|针对[^，。]{0,20}，)?(?:特|现)?(?:提出|作出)?(?:如下|以下|几点)?建议[：:，]|建议[：:]|(?:^|[。])建议[一二三]是|对策建议|意见建议[：:]").unwrap()
});
/// A breakdown sentence (分乡镇看，分品种看：): figures given place by place
/// or part by part, the mark of a round-up.
static BREAKDOWN_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"(?:^|[。；])分[^，。；、]{1,6}看[，：]").unwrap());
/// A paragraph that opens with a short measure heading (一是统一供苗。): the
/// 做法 of an experience item laid out point by point.
static MEASURE_PARA_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"^[一二三四五六]是([^，。；：\d]{2,10})。").unwrap());
/// A lead that opens with a day (2026年11月12日, 11月3日至14日).
static DAY_LEAD_RE: LazyLock<Regex> = LazyLock::new(|| crate::re::new(r"^(?:\d{4}年)?\d{1,2}月\d{1,2}日").unwrap());
/// A meeting in the lead (会议, 座谈会, 审议, 委员通道): one event. Press
/// conferences (发布会) often review a whole field, so they are left out.
static MEETING_LEAD_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"审议|座谈会|会议|委员通道|部长通道|代表通道").unwrap());
static ASPECT_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"(?:^|[。；\n])(?:从[^，。；\n]{1,8}看|[^，。；\n\d]{2,8}方面)[，：:]").unwrap());

/// How an inferred item type was decided: the cue that decided it, in words
/// for the writer, and whether that cue is reliable enough for type-dependent
/// rules to warn (see README, "Item-type guess").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeGuess {
    pub item_type: ItemType,
    /// The deciding cue (`标题有“全县”`).
    pub cue: String,
    /// High confidence: the cue was right on ≥ 85 % of the labelled drafts
    /// and real items it decided (`scripts/type_accuracy.py --cues`).
    pub confident: bool,
}

fn cue(t: ItemType, confident: bool, cue: String) -> TypeGuess {
    TypeGuess { item_type: t, cue, confident }
}

/// A lead that opens with a day (11月18日，/ 近日，) reports one event.
static DATED_LEAD_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(
        r"^[^，。；]{0,12}?(?:\d{1,2}月\d{1,2}日|\d{1,2}日|近日|日前|昨天|昨日|今天|今日|当天|上午|下午|晚上|凌晨)",
    )
    .unwrap()
});

/// A title that reports one event: something opened, launched, issued.
static EVENT_TITLE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"开幕|闭幕|开营|启动|召开|举行|举办|开通|通车|发射|并网|投产|开工|上线|印发|发布|公布|出台|签署|成立|揭牌|落成|竣工|开馆|开园|通航|首航|首发").unwrap()
});

/// People in difficulty, helped by the work reported (困难群众, 困难老年人家庭).
static BENEFICIARY_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"^困难(?:群众|群体|家庭|老年人|老人|户|职工|学生|儿童|人员|残疾人|党员|妇女|人群)").unwrap()
});

/// A problem word that a title announces as tackled (补齐…短板, 破解…难题,
/// 遏制…扩散): the clause before it holds a remedy verb. Such a title reports
/// what was done, not a problem.
static REMEDY_BEFORE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"补齐|补足|补上|破解|化解|解决|缓解|消除|遏制|防范|防控|防止|排查|整治|整改|治理|应对|堵塞|攻克|办理|办结|答复|拍卖|处置|盘活|出租|腾退|收回|清退").unwrap()
});

/// A problem word used as the name of a field of work or of a document
/// kind (风险分类管理, 风险防控体系, 代表建议, 建议提案): no problem reported.
static PROBLEM_AS_NAME_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"^(?:风险(?:分类|分级|管理|防控|评估|监测|预警|提示|普查|排查|应对|意识|防范)|建议(?:提案|和提案|办理|件)|问题(?:线索|清单|整改)|隐患点(?:监测|预警|巡查|排查|群测群防|搬迁|避让))").unwrap()
});

/// A named edition of a contest, meeting, festival or show (2023年中华龙舟大赛).
static EDITION_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"[赛]|运动会|博览会|交易会|展览|展会|艺术节|文化节|电影节|旅游节|论坛|峰会|大会|年会|晚会|音乐会")
        .unwrap()
});

/// A quantity right after 不足 (不足半数, 不足3成, 不足百分之十).
static QUANTITY_AFTER_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"^(?:\d|半数|一半|[一二三四五六七八九十两]成|百分之|[一二三四五六七八九十两百千万]+(?:个|人|家|户|元|天|年|小时))").unwrap()
});

/// Whether the problem word at `m` of `title` reports a problem: not a
/// beneficiary (困难群众), not tackled in the same clause (补齐…短板), not
/// the name of a field or document kind (风险分类管理, 代表建议).
fn reports_problem(title: &str, m: &crate::re::Match) -> bool {
    let rest = &title[m.start()..];
    let before = &title[..m.start()];
    let clause = before
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || "，、：:；".contains(c))
        .map_or(before, |(i, c)| &before[i + c.len_utf8()..]);
    // 不足半数, 不足3成: a quantity, not a shortfall reported.
    let quantity = m.as_str() == "不足" && QUANTITY_AFTER_RE.is_match(&title[m.end()..]);
    let named = PROBLEM_AS_NAME_RE.is_match(rest) || before.ends_with("代表") || before.ends_with("委员") || quantity;
    !BENEFICIARY_RE.is_match(rest) && !REMEDY_BEFORE_RE.is_match(clause) && !named
}

/// Provinces, autonomous regions and municipalities (short names).
static PROVINCE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"北京|天津|河北|山西|内蒙古|辽宁|吉林|黑龙江|上海|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|广西|海南|重庆|四川|贵州|云南|西藏|陕西|甘肃|青海|宁夏|新疆|香港|澳门|台湾").unwrap()
});

/// A disaster or violent event named in a title (地震, 林火, 洪水, 骚乱, 交火):
/// an emergency item when the body reports losses or the response
/// ([`LOSS_RE`]); a forecast with no damage stays news.
static DISASTER_TITLE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"地震|强震|余震|海啸|火山|林火|山火|森林火灾|洪水|洪灾|洪涝|山洪|泥石流|台风|暴雨|强降雨|寒潮|暴雪|冰冻灾害|骚乱|暴乱|武装冲突|冲突激烈|交火|枪击|超警|受灾|灾情").unwrap()
});

/// Casualties, damage or emergency response in the body.
static LOSS_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"死亡|遇难|受伤|伤亡|失踪|受灾|被毁|损毁|毁坏|破坏|倒塌|疏散|撤离|转移|被困|停课|停运|停航|救援|搜救|抢险|抢修|应急响应|逮捕|被捕").unwrap()
});

/// A period or review span in the body (党的十八大以来, 全年, 1至10月): two
/// different ones make a round-up of a period rather than one event.
static BODY_PERIOD_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"十八大以来|新时代十年|十年来|这十年|过去一年|过去五年|五年来|\d{4}年以来|今年以来|全年|前\d{1,2}个?月|前[一二三四五六七八九十]{1,2}个?月|1[—–-]\d{1,2}月|\d{1,2}至\d{1,2}月|上半年|前三季度|[一二三四]季度|假期")
        .unwrap()
});

/// A title about one grass-roots unit (a village, county, school, enterprise)
/// or one person's story (特写, 风采).
static UNIT_TITLE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"[\p{Han}]{1,6}(?:村|社区|乡|镇|县|大学|学院|学校|中学|小学|医院|公司|集团|工厂|合作社)(?:[：:\s]|$)|[\p{Han}]{1,6}(?:村|社区|乡|镇|县|大学|学院|学校|中学|小学|医院|公司|集团|工厂|合作社)[^\p{Han}]?(?:加快|推进|推动|打造|探索|坚持|聚焦|发挥|念好|做好|做强|用好|抓好|走出|走好|绘就)|特写|风采|新农人").unwrap()
});

/// A title about what a practice serves or uses (助力…, 发挥…优势, 践行…理念).
static PRACTICE_TITLE_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"助力|助推|赋能|激活|发挥[^，。\s]{0,6}优势|践行|抓好|绘就|蹚出|闯出|以[^，。\s]{1,3}[润兴促带]")
        .unwrap()
});

/// A lead that opens on when a practice started (2026年3月起，…; 2024年起，…;
/// 春季学期起，…). Started a month or more before the report, the practice
/// has run long enough to be told as a way of working (经验); started in the
/// report's own month, it is news of the launch.
static SINCE_LEAD_RE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"^(?:(\d{4})年|今年|去年)?(?:(\d{1,2})月(?:(\d{1,2})日)?|春季学期|秋季学期|年初)?起，").unwrap()
});

/// Days a practice must have run, at the report date, to be told as a way of
/// working rather than as news of its launch.
const PRACTICE_RUN_DAYS: i64 = 30;

/// A lead that opens on the source of a set of figures (据县统计局统计，…):
/// a round-up of figures, not news of one event.
static STATISTICS_LEAD_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"^据[^，。；]{2,30}(?:统计|测算|监测|汇总)，").unwrap());

/// A title announcing what will be done (我国将调整…, 国家将建设…) reports one
/// plan or measure: news, whatever scope or practice word it has.
static ANNOUNCE_TITLE_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"将(?:[于在从对把向]|[^军来近士领帅\P{Han}])").unwrap());

/// A title tied to one point in time: a balance at a month's end (3月末), a
/// measure in force from a day (1月1日起, 明起实施). One figure or one measure:
/// news, whatever area it covers.
static POINT_TITLE_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"\d{1,2}月(?:末|底)|\d{1,2}日起|[明今]起|起(?:实施|施行|执行)").unwrap());

/// A title about several measures or the progress of a line of work
/// (多措并举, 进展顺利): a weaker 综合 cue.
static SCOPE_TITLE_RE: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"多措并举|多项举措|多举措|进展顺利|稳步推进|扎实推进").unwrap());

/// Han characters of body above which an item with no event cue is taken as
/// a round-up: news of one event runs short (the norms of §2.1 and §5.3 of the research notes; 300 was
/// right more often than 400 on the labelled sets, scripts/type_accuracy.py).
const LONG_BODY_HAN: usize = 300;

/// Longest quotation taken as a cited name or term rather than speech.
const CITED_QUOTE_CHARS: usize = 16;

/// Cited names and terms in one line (`span` of `text`): the inside of each
/// 《…》 and 【…】, and of each “…” of at most [`CITED_QUOTE_CHARS`]
/// characters without a comma or sentence end (a quoted speech runs longer
/// or has clauses). Unclosed marks cite nothing. One pass over the line.
pub fn cited_spans(text: &str, span: &Span) -> Vec<Cited> {
    let mut out = Vec::new();
    let mut open: Vec<(char, usize)> = Vec::new();
    for (i, c) in text[span.clone()].char_indices() {
        let at = span.start + i;
        match c {
            '《' | '【' | '“' => {
                if open.len() == 8 {
                    open.remove(0);
                }
                open.push((c, at + c.len_utf8()))
            }
            '》' | '】' | '”' => {
                let want = match c {
                    '》' => '《',
                    '】' => '【',
                    _ => '“',
                };
                // Close the nearest matching mark; marks opened inside it are dropped.
                if let Some(k) = open.iter().rposition(|(o, _)| *o == want) {
                    let start = open[k].1;
                    open.truncate(k);
                    let inner = &text[start..at];
                    let is_name = c != '”'
                        || (inner.chars().count() <= CITED_QUOTE_CHARS
                            && !inner.contains(['，', '。', '；', '！', '？', ',', ';']));
                    if is_name && start < at {
                        out.push(Cited { span: start..at, quote: c == '”' });
                    }
                }
            }
            _ => {}
        }
    }
    // Nested marks close first: order by start, drop spans inside another.
    out.sort_by(|a, b| a.span.start.cmp(&b.span.start).then(b.span.end.cmp(&a.span.end)));
    let mut kept: Vec<Cited> = Vec::with_capacity(out.len());
    for s in out {
        if kept.last().is_none_or(|l| s.span.start >= l.span.end) {
            kept.push(s);
        }
    }
    kept
}

/// Whether byte offset `at` of `text` lies inside a 《…》.
pub(crate) fn inside_book_title(text: &str, at: usize) -> bool {
    let before = &text[..at];
    before.rfind('《').is_some_and(|o| !before[o..].contains('》'))
}

/// `text` without what lies inside 《…》 (names of documents and works), in one
/// pass; an unclosed 《 hides the rest.
fn outside_book_titles(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '《' => depth += 1,
            '》' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The first day of the period named by a [`SINCE_LEAD_RE`] match, relative
/// to the report date (no year: the report's year; 去年: the year before; a
/// school term: its usual first month).
fn practice_start(c: &crate::re::Captures<'_>, report: NaiveDate) -> Option<NaiveDate> {
    let all = c.get(0)?.as_str();
    let year = match c.get(1) {
        Some(y) => y.as_str().parse().ok()?,
        None if all.starts_with("去年") => report.year() - 1,
        None => report.year(),
    };
    let month = match c.get(2) {
        Some(m) => m.as_str().parse().ok()?,
        None if all.contains("秋季学期") => 9,
        None if all.contains("春季学期") => 2,
        None if c.get(1).is_some() || all.starts_with(['去', '今']) || all.contains("年初") => 1,
        // 起， alone names no time.
        None => return None,
    };
    let day = c.get(3).map_or(Some(1), |d| d.as_str().parse().ok())?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Guess the item type from the text; the cues, in order, are documented in
/// README ("Item-type guess").
pub fn guess_type(doc: &Document) -> TypeGuess {
    use ItemType::*;
    let title = doc.title_text();
    let body_time = doc.dates.iter().any(|d| d.time.is_some());
    let incident = EMERGENCY_TITLE_RE.find_iter(title).find(|m| {
        let before = &title[..m.start()];
        let before = &before[before.char_indices().rev().nth(3).map_or(0, |(i, _)| i)..];
        !NOT_INCIDENT_RE.is_match(&title[m.end()..]) && !NOT_INCIDENT_RE.is_match(before)
    });
    let exercise = EXERCISE_TITLE_RE.is_match(title);
    let body: String = doc.paragraphs.iter().map(|p| doc.slice(p)).collect();
    if !exercise {
        if let Some(m) = incident {
            // An investigation report, months later, is about causes and
            // failings (README, real-item conventions).
            if title.contains("调查报告") {
                return cue(Problem, false, format!("标题是事故调查报告“{}”", m.as_str()));
            }
            return cue(Emergency, true, format!("标题点出突发事件“{}”", m.as_str()));
        }
        if doc.report_time.is_some() && body_time {
            return cue(Emergency, true, "报送时间写到时分，正文有事发时刻".into());
        }
        // 地震 / 林火 / 骚乱 in the title, losses or rescue in the body; not
        // 抗震, 防台风, 暴雨预警 or 灾后重建.
        let disaster = DISASTER_TITLE_RE.find_iter(title).find(|m| {
            let prev = title[..m.start()].chars().next_back();
            let after = &title[m.end()..];
            let after = &after[..after.char_indices().nth(4).map_or(after.len(), |(i, _)| i)];
            !matches!(prev, Some('防' | '抗' | '预')) && !NOT_INCIDENT_RE.is_match(after)
        });
        if let Some(m) = disaster.filter(|_| !title.contains("重建")) {
            if let Some(l) = LOSS_RE.find(&body) {
                return cue(
                    Emergency,
                    false,
                    format!("标题写到灾害或冲突“{}”，正文有伤亡、损失或救援“{}”", m.as_str(), l.as_str()),
                );
            }
        }
    }
    // Proposals in the body (建议：…): a problem item, whatever the title
    // (问题 + 原因 + 建议, research notes §2.3).
    if let Some(m) = SUGGEST_RE.find(&body) {
        let word = m.as_str().trim_start_matches(['。', '；', '：', ':', '\n']);
        return cue(Problem, true, format!("正文提出建议“{}”", word.trim_end_matches(['：', ':', '，'])));
    }
    // A title with a figure and no problem word announces a result.
    let result_title = RESULT_TITLE_RE.is_match(title)
        || (title.contains(|c: char| c.is_ascii_digit()) && !PROBLEM_TITLE_RE.is_match(title));
    // 亟待盘活: a problem whatever solution word follows.
    if let Some(m) = URGENT_TITLE_RE.find(title) {
        return cue(Problem, true, format!("标题说事情紧迫“{}”", m.as_str()));
    }
    if !FINDING_TITLE_RE.is_match(title) && !result_title {
        // 困难群众 are the people helped, not a problem.
        if let Some(m) = PROBLEM_TITLE_RE.find_iter(title).find(|m| reports_problem(title, m)) {
            return cue(Problem, true, format!("标题点出问题“{}”", m.as_str()));
        }
    }
    // Not inside a document's name (《…机制试点方案》). A practice title wins
    // over causes in the body (an experience item may say why it worked).
    // The lead: the first paragraph with Han text (not a markup line such as
    // an HTML comment left in a pasted draft).
    let lead = doc.paragraphs.iter().map(|p| doc.slice(p)).find(|p| p.chars().any(is_han)).unwrap_or("");
    let announce = ANNOUNCE_TITLE_RE.is_match(&outside_book_titles(title));
    // A practice launched on a given day (11月16日起推行…) is news of that
    // launch: an experience item tells a practice that has run and shown results.
    let launched = DATED_LEAD_RE.is_match(lead);
    if let Some(m) = EXPERIENCE_RE
        .find_iter(title)
        .find(|m| !announce && !launched && !inside_book_title(title, m.start()))
    {
        return cue(Experience, false, format!("标题讲做法“{}”", m.as_str()));
    }
    if !PROGRESS_TITLE_RE.is_match(title) && !result_title {
        if let Some(m) = CAUSE_RE.find(&body) {
            return cue(Problem, false, format!("正文分析原因“{}”", m.as_str()));
        }
    }
    if let Some(m) = PRACTICE_RE.find(&body) {
        return cue(Experience, true, format!("正文列出“{}”", m.as_str().trim_end_matches(['：', ':', '，', '。'])));
    }
    if ENUM_RE.find_iter(&body).count() >= 2 && (body.contains("成效") || body.contains("效果")) {
        return cue(Experience, false, "正文分条（一是、二是）并讲成效".into());
    }
    // Figures broken down place by place or part by part (分乡镇看): a round-up.
    if let Some(m) = BREAKDOWN_RE.find(&body) {
        let word = m.as_str().trim_start_matches(['。', '；']);
        return cue(Comprehensive, true, format!("正文分项列数“{}”", word.trim_end_matches(['，', '：'])));
    }
    // One event (…开幕, 成功发射…) is a 动态 item, whatever its scope.
    let event = EVENT_TITLE_RE
        .find(title)
        .or_else(|| POINT_TITLE_RE.find(title))
        .map(|m| m.as_str())
        .or(announce.then_some("将"));
    // A leading year names an edition (2023年中华龙舟大赛…) when the title
    // is about a contest, meeting, festival or show.
    let edition =
        |m: &crate::re::Match| m.as_str().starts_with(|c: char| c.is_ascii_digit()) && EDITION_RE.is_match(title);
    if let Some(m) = COMPREHENSIVE_TITLE_RE.find_iter(title).find(|m| !edition(m)).filter(|_| event.is_none()) {
        // A leading year (2023年国资国企…) is shown without the word after it.
        let w = m.as_str();
        let w = if w.starts_with(|c: char| c.is_ascii_digit()) {
            w.trim_end_matches(|c: char| c != '年' && c != '度')
        } else {
            w
        };
        return cue(Comprehensive, true, format!("标题覆盖一个时段或一方面工作“{w}”"));
    }
    // 安全区 is no area of the writer's.
    let area = AREA_TITLE_RE
        .find_iter(title)
        .find(|m| !(m.as_str() == "全区" && title[..m.start()].ends_with('安')));
    // A lead that opens on a day (11月12日至18日，…) reports what was done then
    // across the area: news of that work, not a round-up of the area.
    let day_lead = DAY_LEAD_RE.is_match(lead);
    if let Some(m) = area.filter(|_| event.is_none() && !day_lead) {
        let word = if m.as_str().starts_with("全国") {
            "全国"
        } else {
            m.as_str()
        };
        return cue(Comprehensive, false, format!("标题覆盖全域“{word}”"));
    }
    if let Some(m) = SCOPE_TITLE_RE.find(title).filter(|_| event.is_none()) {
        return cue(Comprehensive, false, format!("标题写多项举措或一项工作的进展“{}”", m.as_str()));
    }
    // A meeting is one event, even when speakers review years of work.
    if let Some(m) = MEETING_LEAD_RE.find(lead).filter(|_| !lead.contains("发布会")) {
        return cue(Dynamic, false, format!("导语写一次会议“{}”", m.as_str()));
    }
    // Two or more paragraphs that open with a measure heading (一是统一供苗。):
    // the unit's 做法, point by point.
    let measures = doc
        .paragraphs
        .iter()
        .filter_map(|p| MEASURE_PARA_RE.captures(doc.slice(p)))
        .filter(|c| !PROBLEM_TITLE_RE.is_match(c.get(1).map_or("", |m| m.as_str())))
        .count();
    if measures >= 2 {
        return cue(Experience, false, format!("正文分段列出做法（{measures}条，一是、二是）"));
    }
    if let Some(c) = SINCE_LEAD_RE.captures(lead) {
        if let Some(start) = practice_start(&c, doc.report_date) {
            if (doc.report_date - start).num_days() >= PRACTICE_RUN_DAYS {
                let w = c.get(0).map_or("", |m| m.as_str()).trim_end_matches('，');
                return cue(Experience, false, format!("导语写做法从何时起施行“{w}”"));
            }
        }
    }
    if let Some(m) = PERIOD_RE.find(lead) {
        return cue(Comprehensive, false, format!("导语以时段开头“{}”", m.as_str().trim_end_matches('，')));
    }
    // Two different periods in the body (党的十八大以来 … 全年): a review.
    let mut periods: Vec<&str> = Vec::new();
    for m in BODY_PERIOD_RE.find_iter(&body) {
        if !periods.contains(&m.as_str()) {
            periods.push(m.as_str());
            if periods.len() == 2 {
                break;
            }
        }
    }
    // After a dated lead, a title with a figure reports one result (扩容至40张).
    let dated_title_figure = DATED_LEAD_RE.is_match(lead) && title.contains(|c: char| c.is_ascii_digit());
    if periods.len() == 2 && event.is_none() && !dated_title_figure {
        return cue(Comprehensive, false, format!("正文写到几个时段（{}、{}）", periods[0], periods[1]));
    }
    // A national round-up names several provinces (多省春耕面上情况).
    let mut provinces: Vec<&str> = PROVINCE_RE.find_iter(&body).map(|m| m.as_str()).collect();
    provinces.sort_unstable();
    provinces.dedup();
    if provinces.len() >= 4 && event.is_none() {
        return cue(Comprehensive, false, format!("正文写到多个省份（{}等）", provinces[..3].join("、")));
    }
    if ASPECT_RE.find_iter(&body).count() >= 2 {
        return cue(Comprehensive, false, "正文分方面叙述".into());
    }
    if let Some(m) = STATISTICS_LEAD_RE.find(lead).filter(|_| event.is_none()) {
        return cue(Comprehensive, false, format!("导语以数据来源开头“{}”", m.as_str().trim_end_matches('，')));
    }
    // A long body with no single-event title is no news of one event, even
    // after a dated lead (a press conference reviewing a field), unless the
    // title gives the figure of one result.
    let han = han_count(&body);
    let long = han >= LONG_BODY_HAN && event.is_none();
    let dated = DATED_LEAD_RE.find(lead);
    if long && (dated.is_none() || !title.contains(|c: char| c.is_ascii_digit())) {
        // One unit or one person told at length: an example to learn from.
        if let Some(m) = UNIT_TITLE_RE.find(title) {
            return cue(Experience, false, format!("正文长（{han}字），标题写一个单位或人物“{}”", m.as_str()));
        }
        // A title that says what a practice serves (助力粮食稳产, 发挥区位优势):
        // the way a place did something, told at length.
        if let Some(m) = PRACTICE_TITLE_RE.find(title) {
            return cue(Experience, false, format!("正文长（{han}字），标题讲做法的作用“{}”", m.as_str()));
        }
        return cue(Comprehensive, false, format!("正文长（{han}字），没有单一事件的线索"));
    }
    if let Some(m) = dated {
        let day = m
            .as_str()
            .trim_start_matches(|c: char| c != '近' && !c.is_ascii_digit() && !"日昨今当上下晚凌".contains(c));
        return cue(Dynamic, true, format!("导语写明具体日子“{day}”"));
    }
    cue(Dynamic, false, "没有其他类别的线索".into())
}

// ---------------------------------------------------------------- markdown

/// Extract Markdown: text events in order, one line per block, with an offset
/// map back into the source. Code blocks, HTML and image alt text are left
/// out.
fn markdown_lines(src: &str) -> (String, OffsetMap, Vec<Line>) {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut text = String::with_capacity(src.len());
    let mut pieces = Vec::new();
    let mut lines = Vec::new();
    let mut line_start = 0;
    let mut heading = false;
    let mut skip = 0usize;
    let end_line = |text: &mut String, line_start: &mut usize, heading: bool, lines: &mut Vec<Line>| {
        if text.len() > *line_start {
            lines.push(Line { span: *line_start..text.len(), heading });
            text.push('\n');
        }
        *line_start = text.len();
    };
    // pulldown-cmark ends some blocks (an HTML comment line, for one) only at
    // LF or CRLF, so a file with lone CR line ends could vanish into one HTML
    // block. Parse a copy with lone CRs turned into LFs: same byte length, so
    // every offset is unchanged.
    let normalized;
    let src: &str = if src.contains('\r') {
        let mut b = src.as_bytes().to_vec();
        for i in 0..b.len() {
            if b[i] == b'\r' && b.get(i + 1) != Some(&b'\n') {
                b[i] = b'\n';
            }
        }
        normalized = String::from_utf8(b).expect("replacing ASCII CR by LF keeps UTF-8");
        &normalized
    } else {
        src
    };
    for (ev, range) in Parser::new_ext(src, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).into_offset_iter() {
        match ev {
            Event::Start(Tag::CodeBlock(_)) | Event::Start(Tag::Image { .. }) => skip += 1,
            Event::End(TagEnd::CodeBlock) | Event::End(TagEnd::Image) => skip = skip.saturating_sub(1),
            Event::Start(Tag::Heading { .. }) => {
                end_line(&mut text, &mut line_start, heading, &mut lines);
                heading = true;
            }
            Event::End(TagEnd::Heading(_)) => {
                end_line(&mut text, &mut line_start, heading, &mut lines);
                heading = false;
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_))
            | Event::SoftBreak
            | Event::HardBreak => end_line(&mut text, &mut line_start, heading, &mut lines),
            Event::Text(t) | Event::Code(t) if skip == 0 => {
                let at = text.len();
                if src.get(range.clone()) == Some(&*t) {
                    pieces.push((at, range.start, t.len(), t.len()));
                } else if let Some(rel) = src.get(range.clone()).and_then(|s| s.find(&*t)) {
                    pieces.push((at, range.start + rel, t.len(), t.len()));
                } else {
                    // An entity (`&ldquo;`): the decoded text maps to the
                    // whole entity.
                    pieces.push((at, range.start, t.len(), range.len()));
                }
                text.push_str(&t);
            }
            _ => {}
        }
    }
    end_line(&mut text, &mut line_start, heading, &mut lines);
    (text, OffsetMap { pieces, identity: false }, lines)
}

#[cfg(test)]
mod tests {
    #[test]
    fn word_chars_are_alphanumeric_chars() {
        for c in (0u32..=0x10_FFFF).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    use super::*;

    fn doc(s: &str) -> Document {
        let src = SourceFile::from_text("t.txt", s.to_string(), "UTF-8");
        // A fixed "today", so that no test depends on the clock.
        extract(
            &src,
            &ExtractOptions {
                today: NaiveDate::from_ymd_opt(2026, 11, 20),
                ..Default::default()
            },
        )
    }

    #[test]
    fn parts() {
        let d = doc("东城县完成秋粮收购12万吨\n11月16日至18日，东城县收购秋粮12万吨。“价格稳定”。\n（报送单位：东城县粮食局　联系人：王敏　电话：0394-1234567　报送日期：2026年11月20日）\n");
        assert_eq!(d.title_text(), "东城县完成秋粮收购12万吨");
        assert_eq!(d.paragraphs.len(), 1);
        assert_eq!(d.sentences.len(), 2);
        assert_eq!(d.slice(&d.sentences[1].span), "“价格稳定”。");
        let f = d.footer.as_ref().unwrap();
        assert_eq!(f.get(FooterKey::Unit).unwrap().value, "东城县粮食局");
        assert_eq!(f.get(FooterKey::Phone).unwrap().value, "0394-1234567");
        assert_eq!(d.report_date, NaiveDate::from_ymd_opt(2026, 11, 20).unwrap());
        assert_eq!(d.dates.len(), 1);
        assert_eq!(d.dates[0].end, NaiveDate::from_ymd_opt(2026, 11, 18).unwrap());
    }

    #[test]
    fn emergency_time() {
        let d = doc(
            "西岭县发生一起货车侧翻事故\n11月20日8时10分，一辆货车在S213线侧翻。\n报送时间：2026年11月20日10时35分\n",
        );
        assert_eq!(d.item_type, ItemType::Emergency);
        assert_eq!(d.report_time, NaiveTime::from_hms_opt(10, 35, 0));
        assert_eq!(d.dates[0].time, NaiveTime::from_hms_opt(8, 10, 0));
    }

    #[test]
    fn bare_time_deadline() {
        let d = doc("西岭县发生一起货车侧翻事故\n11月20日8时10分，一辆货车在S213线侧翻，预计11时前恢复通行。\n报送时间：2026年11月20日8时50分\n");
        let t = d.dates.iter().find(|m| m.kind == DateKind::TimeOnly).unwrap();
        assert!(t.deadline);
    }

    fn guess(s: &str) -> TypeGuess {
        guess_type(&doc(s))
    }

    #[test]
    fn disaster_title_with_losses_is_emergency() {
        let g = guess(
            "东江流域暴雨致多处道路中断\n受连续降水影响，沿江三个乡镇道路中断，已转移群众320人，暂无人员伤亡。\n",
        );
        assert_eq!(g.item_type, ItemType::Emergency);
        assert!(!g.confident);
        assert!(g.cue.contains("暴雨"), "{}", g.cue);
        let g = guess(
            "南岭林区山火蔓延 消防力量连夜扑救\n火线长约两公里，已组织护林员和消防员扑救，附近两个村庄的群众已撤离。\n",
        );
        assert_eq!(g.item_type, ItemType::Emergency);
    }

    #[test]
    fn disaster_word_without_losses_or_as_prevention_is_not_emergency() {
        // A forecast with no damage.
        let g = guess("明后两天北部山区有暴雨\n气象台提醒，山区公路行车注意安全，合理安排出行。\n");
        assert_ne!(g.item_type, ItemType::Emergency);
        // Prevention (防台风), a warning (暴雨预警) and reconstruction are no incident.
        for t in [
            "沿海各乡镇做好防台风准备",
            "市气象台发布暴雨预警信号",
            "地震灾区恢复重建有序推进",
        ] {
            let g = guess(&format!("{t}\n各地已提前转移低洼地带群众，储备救援物资。\n"));
            assert_ne!(g.item_type, ItemType::Emergency, "{t}: {}", g.cue);
        }
    }

    #[test]
    fn investigation_report_is_problem() {
        let g = guess(
            "城西化工仓库爆炸事故调查报告公布\n调查组认定，事故直接原因是违规动火作业，暴露出企业安全管理缺失。\n",
        );
        assert_eq!(g.item_type, ItemType::Problem);
        assert!(!g.confident);
        // The incident itself is still an emergency.
        let g = guess("城西化工仓库发生爆炸\n仓库内存放的溶剂起火爆炸，两人受伤。\n");
        assert_eq!(g.item_type, ItemType::Emergency);
    }

    #[test]
    fn two_periods_in_body_make_a_round_up() {
        let g = guess("文化馆服务走进千家万户\n党的十八大以来，全省新建乡镇综合文化站214个。今年以来，各文化站开展演出1600余场。\n");
        assert_eq!(g.item_type, ItemType::Comprehensive);
        assert!(g.cue.contains("十八大以来"), "{}", g.cue);
        // One period only, or a dated lead under a title with a figure: news.
        let g = guess("青河县图书馆新增自助借还机6台\n11月12日，青河县图书馆新增6台自助借还机。今年以来，该馆借阅量达4.2万册，全年目标是5万册。\n");
        assert_eq!(g.item_type, ItemType::Dynamic);
        let g = guess("文化站开展送戏下乡\n今年以来，各文化站开展演出1600余场。\n");
        assert!(!g.cue.starts_with("正文写到几个时段"), "{}", g.cue);
    }

    #[test]
    fn idle_assets_disposed_are_no_problem() {
        let g = guess("浈湄县公开拍卖3处闲置国有房产成交1862万元\n11月16日，浈湄县国有资产服务中心公开拍卖3处闲置国有房产，全部成交。\n");
        assert_ne!(g.item_type, ItemType::Problem, "{}", g.cue);
        let g = guess("浈湄县14处国有房产长期闲置\n全县尚有闲置国有房产14处，多数因产权资料不全无法处置。\n");
        assert_eq!(g.item_type, ItemType::Problem, "{}", g.cue);
    }

    #[test]
    fn hazard_sites_monitored_are_no_problem() {
        let g = guess(
            "瀍源县1至10月地质灾害隐患点监测预警情况\n据县自然资源局统计，1至10月全县87处隐患点发布预警信息52次。\n",
        );
        assert_ne!(g.item_type, ItemType::Problem, "{}", g.cue);
    }

    #[test]
    fn practice_started_a_month_before_is_experience() {
        let footer = "（报送单位：青河县交通运输局　联系人：王敏　电话：0394-1234567　报送日期：2026年11月20日）";
        for lead in ["2026年3月起", "2025年起", "今年起", "秋季学期起", "2026年10月起"] {
            let g = guess(&format!(
                "青河县村道护路员上岗\n{lead}，青河县聘用村级护路员146名，每人负责5公里村道。\n{footer}\n"
            ));
            assert_eq!(g.item_type, ItemType::Experience, "{lead}: {}", g.cue);
            assert!(!g.confident);
        }
        // Started in the report's own month: news of the launch.
        for lead in ["11月16日起", "2026年11月起", "起"] {
            let g = guess(&format!(
                "青河县村道护路员上岗\n{lead}，青河县聘用村级护路员146名，每人负责5公里村道。\n{footer}\n"
            ));
            assert_ne!(g.item_type, ItemType::Experience, "{lead}: {}", g.cue);
        }
    }

    #[test]
    fn lead_on_a_source_of_figures_is_a_round_up() {
        let g = guess(
            "青河县职工医疗互助参保3.1万人\n据青河县总工会统计，2026年度全县286家单位的3.1万名职工参加医疗互助。\n",
        );
        assert_eq!(g.item_type, ItemType::Comprehensive, "{}", g.cue);
        // One event in the title: news, whoever counted.
        let g = guess("青河县职工医疗互助平台上线\n据青河县总工会统计，平台上线首日注册职工1200人。\n");
        assert_eq!(g.item_type, ItemType::Dynamic, "{}", g.cue);
    }

    fn long_body(sentence: &str) -> String {
        let mut b = String::new();
        while han_count(&b) < LONG_BODY_HAN {
            b.push_str(sentence);
        }
        b
    }

    #[test]
    fn long_body_without_event_is_round_up_or_unit_practice() {
        let body = long_body("村里把闲置的校舍改成了研学基地，请老党员讲村史，让年轻人回来开民宿和农家乐。");
        let g = guess(&format!("青石村：老校舍里办起研学基地\n{body}\n"));
        assert_eq!(g.item_type, ItemType::Experience, "{}", g.cue);
        assert!(!g.confident);
        let g = guess(&format!("研学旅行热度持续升温\n{body}\n"));
        assert_eq!(g.item_type, ItemType::Comprehensive, "{}", g.cue);
        // A short body, or a title with one event: news.
        let g = guess("研学旅行热度持续升温\n村里把闲置的校舍改成了研学基地。\n");
        assert_eq!(g.item_type, ItemType::Dynamic);
        let g = guess(&format!("青石村研学基地揭牌\n{body}\n"));
        assert_eq!(g.item_type, ItemType::Dynamic, "{}", g.cue);
    }

    #[test]
    fn long_body_after_dated_lead() {
        let body = long_body("各地推行林长巡护制度，建成防火通道和瞭望塔，护林员每天上山巡查，林区面积稳定增加。");
        // A thematic title over a long body: a review, even after a day.
        let g = guess(&format!("守护绿水青山 织密森林防护网\n11月12日，记者从省林业局获悉，{body}\n"));
        assert_eq!(g.item_type, ItemType::Comprehensive, "{}", g.cue);
        // A title with the figure of one result stays news.
        let g = guess(&format!("林区新建瞭望塔12座\n11月12日，记者从省林业局获悉，{body}\n"));
        assert_eq!(g.item_type, ItemType::Dynamic, "{}", g.cue);
        assert!(g.confident);
    }

    #[test]
    fn announced_plan_is_news() {
        // 我国 would make it a round-up, 机制 a practice; 将 announces a plan.
        let g = guess("我国将调整部分进口药品关税\n财政部表示，自明年起对部分抗癌药实行零关税。\n");
        assert_eq!(g.item_type, ItemType::Dynamic, "{}", g.cue);
        let g = guess("医保部门将建立药品价格监测机制\n该机制覆盖全部集采药品。\n");
        assert_eq!(g.item_type, ItemType::Dynamic, "{}", g.cue);
        // 将 inside a work's name, or 将军, announces nothing.
        let g = guess("我国推出纪录片《我们将走向何方》\n纪录片共六集。\n");
        assert_eq!(g.item_type, ItemType::Comprehensive, "{}", g.cue);
        assert!(!ANNOUNCE_TITLE_RE.is_match("老将军的故事"));
    }

    #[test]
    fn point_in_time_title_is_news() {
        let g = guess("10月末全省涉农贷款余额突破9000亿元\n据人民银行省分行统计，余额同比增长8.2%。\n");
        assert_eq!(g.item_type, ItemType::Dynamic, "{}", g.cue);
        let g = guess("12月1日起全市公交实行扫码乘车\n市民可使用手机扫码。\n");
        assert_eq!(g.item_type, ItemType::Dynamic, "{}", g.cue);
        // Without the point in time the area makes a round-up.
        let g = guess("全省涉农贷款余额突破9000亿元\n据人民银行省分行统计，余额同比增长8.2%。\n");
        assert_eq!(g.item_type, ItemType::Comprehensive, "{}", g.cue);
    }

    #[test]
    fn several_measures_title_is_round_up() {
        let g = guess("多措并举保障春运平稳有序\n铁路部门增开临客，交通部门加强路况巡查。\n");
        assert_eq!(g.item_type, ItemType::Comprehensive);
        assert!(!g.confident);
        let g = guess("老旧小区改造进展顺利\n改造涉及供水、供暖和外墙保温。\n");
        assert_eq!(g.item_type, ItemType::Comprehensive);
        // One event wins.
        let g = guess("多措并举服务月活动启动\n活动为期一个月。\n");
        assert_eq!(g.item_type, ItemType::Dynamic, "{}", g.cue);
    }

    #[test]
    fn practice_title_with_means_and_end() {
        let g = guess("以赛促训 提升基层消防队伍实战能力\n全县每季度组织一次技能比武。\n");
        assert_eq!(g.item_type, ItemType::Experience, "{}", g.cue);
        let g = guess("林场管护的启示\n林场实行网格化巡护。\n");
        assert_eq!(g.item_type, ItemType::Experience, "{}", g.cue);
        // 促进 is not 以A促B.
        assert!(!EXPERIENCE_RE.is_match("以促进就业为主题的招聘会"));
    }

    #[test]
    fn proposals_in_body_make_a_problem_item() {
        // A title with a figure would read as a result; the proposals decide.
        let g = guess("北河县农村客运班线停运率达21%\n全县48条农村客运班线中有10条停运。停运的原因主要是客流少、补贴低。\n建议：一是整合班线与校车、邮路运力；二是按里程核定运营补贴。\n");
        assert_eq!(g.item_type, ItemType::Problem, "{}", g.cue);
        assert!(g.confident);
        // 建议 as a plain word (代表建议办理) is no proposal section.
        let g = guess("北河县办结人大代表建议56件\n11月12日，县政府办公室通报，56件代表建议全部办结。\n");
        assert_ne!(g.item_type, ItemType::Problem, "{}", g.cue);
    }

    #[test]
    fn a_problem_tackled_in_the_title_is_no_problem_item() {
        for text in [
            "北河县补齐农村冷链物流短板\n北河县今年新建村级冷库12座，覆盖果蔬主产村。\n",
            "县政府新闻发布会：北河县补齐农村冷链物流短板\n北河县今年新建村级冷库12座。\n",
            "南江市破解老旧小区停车难题\n南江市利用边角地新增停车位860个。\n",
            "北河县推进企业安全风险分级管理\n北河县对412家企业按安全风险分为四级，实行分级监管。\n",
            "南江市办理人大代表建议和政协提案216件\n今年南江市共承办建议提案216件，已全部答复。\n",
        ] {
            let g = guess(text);
            assert_ne!(g.item_type, ItemType::Problem, "{text}: {}", g.cue);
        }
        // Accountability for an old accident is no incident report.
        let g = guess("3名干部因北河县“8·12”较大道路交通事故被问责\n日前，北河县纪委监委对3名干部作出处理。\n");
        assert_ne!(g.item_type, ItemType::Emergency, "{}", g.cue);
        // The problem itself in the title still makes a problem item.
        for text in [
            "北河县农村冷链物流短板突出\n全县只有村级冷库3座，果蔬损耗率在20%以上。\n",
            "南江市老旧小区停车难问题亟待解决\n全市老旧小区车位缺口约1.2万个。\n",
        ] {
            let g = guess(text);
            assert_eq!(g.item_type, ItemType::Problem, "{text}: {}", g.cue);
        }
    }

    #[test]
    fn breakdown_by_place_is_round_up() {
        let g = guess("北河县秋播小麦42万亩\n截至11月15日，北河县秋播小麦42万亩。分乡镇看，河口镇8万亩，柳林乡6万亩，其余乡镇均在3万亩以上。\n");
        assert_eq!(g.item_type, ItemType::Comprehensive, "{}", g.cue);
        assert!(g.confident);
        assert!(g.cue.contains("分乡镇看"), "{}", g.cue);
        // 分 inside a word (部分, 充分) is no breakdown.
        let g = guess("北河县秋播小麦42万亩\n11月15日，北河县秋播基本结束，部分乡镇看好冬小麦行情。\n");
        assert_eq!(g.item_type, ItemType::Dynamic, "{}", g.cue);
    }

    #[test]
    fn practice_named_in_body_is_experience() {
        let g = guess("北河县调解中心把纠纷化解在村口\n北河县调解中心在各村设调解点。具体做法是“三个先”：先登记、先约谈、先调解。\n");
        assert_eq!(g.item_type, ItemType::Experience, "{}", g.cue);
        assert!(g.confident);
    }

    #[test]
    fn measure_paragraphs_are_experience() {
        let g = guess("北河县发展稻虾共养\n2026年以来，北河县稻虾共养面积达到3.1万亩，亩均增收1100元。\n一是统一供苗。县水产站建设育苗基地，向农户平价供应虾苗。\n二是技术包村。县里派出12名技术员分片包村，田间指导。\n");
        assert_eq!(g.item_type, ItemType::Experience, "{}", g.cue);
        assert!(!g.confident);
        // Problems listed point by point are no measures.
        let g = guess("北河县稻虾共养面积3.1万亩\n2026年以来，北河县稻虾共养面积达到3.1万亩。\n一是技术力量不足。全县只有3名水产技术员。\n二是销售渠道单一。大部分虾由商贩上门收购。\n");
        assert_ne!(g.item_type, ItemType::Experience, "{}", g.cue);
    }

    #[test]
    fn meeting_in_lead_is_news() {
        let body = long_body("与会人员回顾了过去五年的工作，交流了全年任务的完成情况，提出了明年的工作打算。");
        let g = guess(&format!("凝心聚力谋发展\n11月12日，北河县召开年度经济工作会议，{body}\n"));
        assert_eq!(g.item_type, ItemType::Dynamic, "{}", g.cue);
        assert!(g.cue.contains("会议"), "{}", g.cue);
        // A press conference may review a whole field.
        let g = guess(&format!("凝心聚力谋发展\n11月12日，北河县召开新闻发布会，{body}\n"));
        assert_ne!(g.item_type, ItemType::Dynamic, "{}", g.cue);
    }

    #[test]
    fn period_lead_forms() {
        for lead in ["今年1至10月，", "2026年初，", "10月以来，", "2026年以来，"] {
            let g = guess(&format!("北河县农村公路养护有成效\n{lead}北河县养护农村公路1200公里。\n"));
            assert_eq!(g.item_type, ItemType::Comprehensive, "{lead}: {}", g.cue);
        }
        // The lead is the first paragraph with Han text.
        let g = guess("北河县农村公路养护有成效\n<!--x-->\n今年1至10月，北河县养护农村公路1200公里。\n");
        assert_eq!(g.item_type, ItemType::Comprehensive, "{}", g.cue);
    }

    #[test]
    fn practice_launched_on_a_day_is_news() {
        let g = guess("北河县推行不动产登记“一窗受理”\n11月16日起，北河县不动产登记中心推行“一窗受理”，群众在一个窗口即可办结。\n");
        assert_eq!(g.item_type, ItemType::Dynamic, "{}", g.cue);
        let g = guess(
            "北河县推行不动产登记“一窗受理”\n2026年3月起，北河县不动产登记中心推行“一窗受理”，办件时间缩短一半。\n",
        );
        assert_eq!(g.item_type, ItemType::Experience, "{}", g.cue);
    }

    #[test]
    fn area_title_over_a_day_is_news() {
        let g = guess("北河县完成全县电梯年度检验\n11月10日至14日，北河县市场监管局对全县316部电梯进行年度检验。\n");
        assert_eq!(g.item_type, ItemType::Dynamic, "{}", g.cue);
        let g = guess("北河县完成全县电梯年度检验\n今年，北河县市场监管局对全县316部电梯进行年度检验。\n");
        assert_eq!(g.item_type, ItemType::Comprehensive, "{}", g.cue);
    }

    #[test]
    fn safety_zone_is_no_area() {
        let g = guess("边境安全区巡逻线延伸\n巡逻线新增两段。\n");
        assert_ne!(g.item_type, ItemType::Comprehensive, "{}", g.cue);
    }

    #[test]
    fn markdown_maps_back() {
        let src = "# 标题**一**\n\n正文有`代码`和[链接](http://x)。\n\n```\n忽略\n```\n";
        let sf = SourceFile::from_text("t.md", src.to_string(), "UTF-8");
        let d = extract(&sf, &ExtractOptions { markdown: true, ..Default::default() });
        assert_eq!(d.title_text(), "标题一");
        assert_eq!(d.paragraphs.len(), 1);
        let p = &d.paragraphs[0];
        let i = d.text[p.clone()].find("链接").unwrap() + p.start;
        let s = d.map.span_to_source(&(i..i + "链接".len()));
        assert_eq!(&src[s], "链接");
    }
}
