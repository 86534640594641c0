//! `path:line:col: severity rule-id message`, one finding per line.

use std::fmt::Write;

use super::{display_path, Outcome};

pub fn render(outcomes: &[Outcome]) -> String {
    let mut out = String::new();
    for o in outcomes {
        match o {
            Outcome::Checked(r) => {
                let path = display_path(&r.source.path);
                for d in &r.diagnostics {
                    let (l, c) = r.source.line_col(d.span.start);
                    writeln!(out, "{path}:{l}:{c}: {} {} {}", d.severity, d.rule, d.message).unwrap();
                }
            }
            Outcome::Failed(e) => {
                writeln!(out, "{}:1:1: error input {}", display_path(&e.path), e.message).unwrap();
            }
        }
    }
    out
}
