//! One pass over a document for every literal the rules look for.
//!
//! Each phrase set used to run its own Aho-Corasick pass, and each pattern
//! its own regex search, over every document. A [`Scan`] collects the plain
//! phrases of every phrase set and the required literals of every regex
//! (see [`crate::re::required_literals`]) of a rule set into one automaton.
//! One overlapping pass per document ([`Scan::run`]) then gives every
//! occurrence of every literal: phrase sets take their matches from it, and
//! a regex none of whose required literals occurs is not run at all (nor,
//! for the first document of a run, compiled). Results are identical to
//! searching each set and regex on its own: the overlapping pass reports
//! every occurrence, and a missing required literal means no match.

use rustc_hash::FxHashMap;

use super::matcher::{Automata, Conditions, LazyRegex, PhraseSet};
use super::{Imp, Rule};
use crate::document::Span;

/// Where the matches of one phrase set are kept in a [`Found`].
#[derive(Debug, Clone)]
struct SetSlots {
    /// Index of the set's plain matches.
    index: u32,
    /// Per gapped phrase, the slot of its first part's starts (`None` for
    /// one that starts with a gap).
    gapped: Box<[Option<u32>]>,
}

/// What an occurrence of a literal stands for.
#[derive(Debug, Clone, Copy)]
enum Owner {
    /// A plain phrase of the set with this index.
    Plain(u32),
    /// The first part of a gapped phrase: its start slot.
    First(u32),
    /// A required literal of the regex with this slot.
    Required(u32),
}

/// The literals of a rule set, and which phrase set and regex each serves.
#[derive(Debug)]
pub struct Scan {
    lits: Automata,
    owners: Vec<Vec<Owner>>,
    sets: FxHashMap<usize, SetSlots>,
    n_sets: usize,
    n_firsts: usize,
    /// Regex identity → its slot.
    regexes: FxHashMap<usize, u32>,
    /// Keeps the keyed sets and regexes alive, so that their addresses (the
    /// keys) are not reused while the scan exists.
    _sets: Vec<PhraseSet>,
    _regexes: Vec<LazyRegex>,
}

/// Every occurrence of every literal of a scan in one text.
#[derive(Debug)]
pub struct Found<'s> {
    scan: &'s Scan,
    /// Per phrase set, its plain matches `(start, end)`.
    plain: Vec<Vec<(u32, u32)>>,
    /// Per start slot, the starts of a gapped phrase's first part, ascending.
    firsts: Vec<Vec<u32>>,
    /// Per regex slot, the occurrences `(start, end)` of its required
    /// literals, ascending.
    required: Vec<Vec<(u32, u32)>>,
}

/// The matches of one phrase set in a [`Found`].
#[derive(Clone, Copy)]
pub struct SetView<'f> {
    found: &'f Found<'f>,
    slots: &'f SetSlots,
}

impl<'f> SetView<'f> {
    /// Plain phrase matches `(start, end)` inside `span`, by start.
    pub fn plain(&self, span: &Span) -> impl Iterator<Item = Span> + 'f {
        let all = &self.found.plain[self.slots.index as usize];
        let from = all.partition_point(|m| (m.0 as usize) < span.start);
        let end = span.end;
        all[from..]
            .iter()
            .take_while(move |m| (m.0 as usize) < end)
            .filter(move |m| m.1 as usize <= end)
            .map(|m| m.0 as usize..m.1 as usize)
    }

    /// Starts of the first part of gapped phrase `i` at or after `from`,
    /// ascending; `None` when the scan does not cover it.
    pub fn firsts(&self, i: usize, from: usize) -> Option<&'f [u32]> {
        let slot = (*self.slots.gapped.get(i)?)?;
        let all = &self.found.firsts[slot as usize];
        Some(&all[all.partition_point(|&s| (s as usize) < from)..])
    }
}

impl Scan {
    pub fn new(rules: &[Rule]) -> Scan {
        let mut ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut lits: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<Owner>> = Vec::new();
        let mut id = |l: &str, owners: &mut Vec<Vec<Owner>>| -> u32 {
            if let Some(&i) = ids.get(l) {
                return i;
            }
            let i = lits.len() as u32;
            lits.push(l.to_string());
            owners.push(Vec::new());
            ids.insert(l.to_string(), i);
            i
        };
        let mut all_sets: Vec<PhraseSet> = Vec::new();
        let mut all_res: Vec<LazyRegex> = Vec::new();
        for rule in rules {
            rule.imp.visit(&mut |s| all_sets.push(s.clone()), &mut |r| all_res.push(r.clone()));
        }
        let mut sets: FxHashMap<usize, SetSlots> = FxHashMap::default();
        let mut regexes: FxHashMap<usize, u32> = FxHashMap::default();
        let mut keep_sets = Vec::new();
        let mut keep_res = Vec::new();
        let mut n_firsts = 0u32;
        for s in all_sets {
            if sets.contains_key(&s.key()) {
                continue;
            }
            let index = keep_sets.len() as u32;
            let (plain, gapped) = s.literals();
            for p in plain {
                let i = id(p, &mut owners);
                owners[i as usize].push(Owner::Plain(index));
            }
            let gapped = gapped
                .iter()
                .map(|g| {
                    g.map(|first| {
                        let i = id(first, &mut owners);
                        owners[i as usize].push(Owner::First(n_firsts));
                        n_firsts += 1;
                        n_firsts - 1
                    })
                })
                .collect();
            sets.insert(s.key(), SetSlots { index, gapped });
            keep_sets.push(s);
        }
        for r in all_res {
            if let Some(req) = r.required() {
                if let std::collections::hash_map::Entry::Vacant(v) = regexes.entry(r.key()) {
                    let slot = keep_res.len() as u32;
                    v.insert(slot);
                    for l in req {
                        let i = id(l, &mut owners);
                        owners[i as usize].push(Owner::Required(slot));
                    }
                    keep_res.push(r);
                }
            }
        }
        let lits = Automata::new(lits);
        // Drafts need the NFA at once: build it now (on the warm-up thread).
        lits.for_len(0);
        Scan {
            lits,
            owners,
            sets,
            n_sets: keep_sets.len(),
            n_firsts: n_firsts as usize,
            regexes,
            _sets: keep_sets,
            _regexes: keep_res,
        }
    }

    /// Every occurrence of every literal in `text`.
    pub fn run(&self, text: &str) -> Found<'_> {
        let ac = self.lits.for_len(text.len());
        let mut found = Found {
            scan: self,
            plain: vec![Vec::new(); self.n_sets],
            firsts: vec![Vec::new(); self.n_firsts],
            required: vec![Vec::new(); self._regexes.len()],
        };
        if let Some(ac) = ac {
            for m in ac.find_overlapping_iter(text) {
                let id = m.pattern().as_usize();
                for o in &self.owners[id] {
                    match *o {
                        Owner::Plain(set) => found.plain[set as usize].push((m.start() as u32, m.end() as u32)),
                        Owner::First(slot) => found.firsts[slot as usize].push(m.start() as u32),
                        Owner::Required(slot) => found.required[slot as usize].push((m.start() as u32, m.end() as u32)),
                    }
                }
            }
        }
        for p in &mut found.plain {
            p.sort_unstable();
        }
        for f in &mut found.firsts {
            f.sort_unstable();
        }
        for r in &mut found.required {
            r.sort_unstable();
        }
        found
    }
}

impl<'s> Found<'s> {
    /// The matches of a phrase set, if the scan covers it.
    pub fn set<'f>(&'f self, set: &PhraseSet) -> Option<SetView<'f>> {
        let slots = self.scan.sets.get(&set.key())?;
        Some(SetView { found: self, slots })
    }

    /// Whether `re` can match anywhere in the text (or any part of it):
    /// false only when none of its required literals occurs.
    pub fn may_match(&self, re: &LazyRegex) -> bool {
        match self.scan.regexes.get(&re.key()) {
            Some(&slot) => !self.required[slot as usize].is_empty(),
            None => true,
        }
    }

    /// Whether `re` can match within `span` of the text: false only when
    /// no required literal occurs inside it.
    pub fn may_match_in(&self, re: &LazyRegex, span: &Span) -> bool {
        match self.scan.regexes.get(&re.key()) {
            Some(&slot) => {
                let occ = &self.required[slot as usize];
                let from = occ.partition_point(|o| (o.0 as usize) < span.start);
                occ[from..].iter().take_while(|o| (o.0 as usize) < span.end).any(|o| o.1 as usize <= span.end)
            }
            None => true,
        }
    }
}

impl Imp {
    /// Call `set` for every phrase set and `re` for every regex of the rule.
    pub fn visit(&self, set: &mut dyn FnMut(&PhraseSet), re: &mut dyn FnMut(&LazyRegex)) {
        let opt = |r: &Option<LazyRegex>, re: &mut dyn FnMut(&LazyRegex)| {
            if let Some(r) = r {
                re(r);
            }
        };
        let cond = |c: &Conditions, set: &mut dyn FnMut(&PhraseSet), re: &mut dyn FnMut(&LazyRegex)| {
            if let Some(e) = &c.exceptions {
                set(e);
            }
            for r in [
                &c.unless,
                &c.if_sentence,
                &c.unless_sentence,
                &c.if_document,
                &c.unless_document,
                &c.unless_before,
                &c.unless_after,
                &c.unless_near,
                &c.unless_next_sentence,
            ]
            .into_iter()
            .flatten()
            {
                re(r);
            }
        };
        match self {
            Imp::Phrase { set: s, cond: c, .. } => {
                set(s);
                cond(c, set, re);
            }
            Imp::Pattern { re: r, cond: c, .. } => {
                re(r);
                cond(c, set, re);
            }
            Imp::Metric { set: s, re: r, cond: c, .. } => {
                if let Some(s) = s {
                    set(s);
                }
                opt(r, re);
                cond(c, set, re);
            }
            Imp::Require { any, elements, cond: c, exempt, if_title, .. } => {
                if let Some(t) = if_title {
                    set(t);
                }
                if let Some((s, r)) = any {
                    if let Some(s) = s {
                        set(s);
                    }
                    opt(r, re);
                }
                for (_, r) in elements {
                    re(r);
                }
                opt(exempt, re);
                cond(c, set, re);
            }
            Imp::Ratio { a, b, cond: c, .. } => {
                set(a);
                set(b);
                cond(c, set, re);
            }
            Imp::TitleBody { stop, .. } => set(stop),
            Imp::Dates { set: s, exempt, cond: c, .. } => {
                set(s);
                opt(exempt, re);
                cond(c, set, re);
            }
            Imp::Builtin { set: s, .. } => set(s),
            Imp::Repetition { .. } | Imp::Batch => {}
        }
    }
}
