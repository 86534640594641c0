//! Checks that need code. Each is configured and documented by a rule file
//! of kind `builtin` with `check = "<name>"`, carrying the same metadata and
//! examples as any declarative rule.
//!
//! To add one: write `pub fn name(ctx: &Ctx, p: &Params, out: &mut Vec<Hit>)`
//! in a module of this folder and add a line to [`BUILTINS`].

mod claims;
mod content;
mod format;
mod structure;
mod style;

use super::kinds::Ctx;
use super::matcher::PhraseSet;
use super::Hit;

/// Parameters a builtin may read from its rule file.
pub struct Params<'a> {
    pub threshold: Option<f64>,
    /// `words` and `lists` of the rule file.
    pub set: &'a PhraseSet,
    pub max: Option<f64>,
    pub min: Option<f64>,
}

pub type CheckFn = fn(&Ctx, &Params, &mut Vec<Hit>);

/// Every built-in check by name.
pub static BUILTINS: &[(&str, CheckFn)] = &[
    ("unbalanced-pairs", format::unbalanced_pairs),
    ("title-restated", style::title_restated),
    ("restated-figures", style::restated_figures),
    ("unrelated-paragraph", style::unrelated_paragraph),
    ("parts-exceed-total", content::parts_exceed_total),
    ("rate-mismatch", content::rate_mismatch),
    ("leader-list", content::leader_list),
    ("single-unit", content::single_unit),
    ("conflicting-totals", content::conflicting_totals),
    ("dangling-reference", content::dangling_reference),
    ("title-tense", content::title_tense),
    ("truncated-body", structure::truncated_body),
    ("buried-lead", structure::buried_lead),
    ("no-place", structure::no_place),
    ("percent-points", claims::percent_points),
    ("compared-change", claims::compared_change),
    ("title-overstated", claims::title_overstated),
    ("title-casualties", claims::title_casualties),
    ("count-conflict", claims::count_conflict),
    ("share-claim", claims::share_claim),
    ("change-claim", claims::change_claim),
    ("breakdown-sum", claims::breakdown_sum),
    ("title-share", claims::title_share),
    ("stale-source", content::stale_source),
    ("average-claim", claims::average_claim),
];

/// A built-in check: an index into [`BUILTINS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Builtin(usize);

impl Builtin {
    pub fn names() -> impl Iterator<Item = &'static str> {
        BUILTINS.iter().map(|b| b.0)
    }

    pub fn name(self) -> &'static str {
        BUILTINS[self.0].0
    }

    pub fn parse(s: &str) -> Option<Builtin> {
        BUILTINS.iter().position(|b| b.0 == s).map(Builtin)
    }
}

pub fn run(check: Builtin, ctx: &Ctx, p: Params, out: &mut Vec<Hit>) {
    (BUILTINS[check.0].1)(ctx, &p, out)
}
