//! Renderers: one per output format. Each writes a whole run into a
//! `String`; only `main.rs` prints.

pub mod concise;
pub mod human;
pub mod json;

use crate::check::FileReport;
use crate::input::InputError;

/// The outcome of one input.
#[derive(Debug, Clone)]
pub enum Outcome {
    Checked(Box<FileReport>),
    Failed(InputError),
}

impl Outcome {
    pub fn path(&self) -> std::path::PathBuf {
        match self {
            Outcome::Checked(r) => r.source.path.clone(),
            Outcome::Failed(e) => e.path.clone(),
        }
    }
}

/// Display path: forward slashes, no leading `./`.
pub fn display_path(p: &std::path::Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(String::from).unwrap_or(s)
}

mod listing;
pub use listing::{explain, rules_list, segment};
