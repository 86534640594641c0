//! The `zwlint` command. The only place that prints or exits.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use zwlint::check::{CheckOptions, Linter};
use zwlint::diagnostic::Severity;
use zwlint::document::ItemType;
use zwlint::input;
use zwlint::report::{self, Outcome};
use zwlint::rules::{Lists, RuleSet};

#[derive(Parser)]
#[command(name = "zwlint", version, about = "政务信息内容检查工具：十大关系与编报规范", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Concise,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(clap::Args)]
struct RuleArgs {
    /// Extra rule folder (TOML rule files; word lists in DIR/lists/*.txt). Repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    rules: Vec<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Check drafts (files, folders, or - for standard input).
    Check {
        /// Files or folders; folders are searched for .txt and .md files.
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Item type (动态, 综合, 经验, 问题建议, 紧急); guessed when absent.
        #[arg(long = "type", value_name = "TYPE", value_parser = parse_type)]
        item_type: Option<ItemType>,
        /// Report date YYYY-MM-DD; default: the footer's 报送日期, else today.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// Lowest severity that makes the exit status 1.
        #[arg(long, value_enum, default_value_t = FailOn::Error)]
        fail_on: FailOn,
        /// Colours in human output.
        #[arg(long, value_enum, default_value_t = Color::Auto)]
        color: Color,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Show how a draft is segmented: each token with its POS tag and position.
    Segment {
        /// A draft (or - for standard input).
        path: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// List every rule: id, relation, severity, summary.
    Rules {
        #[command(flatten)]
        rules: RuleArgs,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Explain a rule: why it matters, bad and good examples, its source.
    Explain {
        /// Rule id, e.g. substance.meeting-boilerplate.
        id: String,
        #[command(flatten)]
        rules: RuleArgs,
    },
}

fn parse_type(s: &str) -> Result<ItemType, String> {
    ItemType::parse(s).ok_or_else(|| format!("未知信息类别 “{s}”，可选：动态、综合、经验、问题建议、紧急"))
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("日期 “{s}” 应为 YYYY-MM-DD"))
}

fn load_rules(args: &RuleArgs) -> Result<RuleSet, String> {
    let mut set = RuleSet::embedded().map_err(|e| e.to_string())?;
    let lists = Lists::embedded();
    for dir in &args.rules {
        set.load_dir(dir, &lists).map_err(|e| e.to_string())?;
    }
    Ok(set)
}

fn emit(s: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    if out.write_all(s.as_bytes()).and_then(|_| out.flush()).is_err() {
        // A closed pipe (e.g. `| head`) is not an error worth a message.
        return ExitCode::SUCCESS;
    }
    ExitCode::SUCCESS
}

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("zwlint: 错误：{msg}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Check { paths, format, item_type, date, fail_on, color, rules } => {
            let rules = match load_rules(&rules) {
                Ok(r) => r,
                Err(e) => return fail(e),
            };
            let linter = Linter::new(rules);
            let opts = CheckOptions { item_type, report_date: date, today: None };
            let (inputs, errors) = input::expand(&paths);
            let mut outcomes: Vec<Outcome> = errors.into_iter().map(Outcome::Failed).collect();
            for i in &inputs {
                outcomes.push(match input::read(i) {
                    Ok(src) => Outcome::Checked(Box::new(linter.check(src, &opts))),
                    Err(e) => Outcome::Failed(e),
                });
            }
            if inputs.is_empty() && outcomes.is_empty() {
                return fail("没有找到可检查的文件（.txt / .md）");
            }
            outcomes.sort_by_key(|o| o.path());
            let text = match format {
                Format::Human => {
                    let color = match color {
                        Color::Always => true,
                        Color::Never => false,
                        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
                    };
                    report::human::render(&outcomes, &report::human::HumanOptions { color })
                }
                Format::Concise => report::concise::render(&outcomes),
                Format::Json => report::json::render(&outcomes),
            };
            emit(&text);
            let failed = outcomes.iter().any(|o| matches!(o, Outcome::Failed(_)));
            let threshold = match fail_on {
                FailOn::Error => Some(Severity::Error),
                FailOn::Warning => Some(Severity::Warning),
                FailOn::Info => Some(Severity::Info),
                FailOn::Never => None,
            };
            let findings = threshold.is_some_and(|t| {
                outcomes.iter().any(|o| match o {
                    Outcome::Checked(r) => r.diagnostics.iter().any(|d| d.severity >= t),
                    Outcome::Failed(_) => false,
                })
            });
            if failed {
                ExitCode::from(2)
            } else if findings {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Segment { path, json } => {
            let inp = if path.as_os_str() == "-" { input::Input::Stdin } else { input::Input::File(path) };
            let src = match input::read(&inp) {
                Ok(s) => s,
                Err(e) => return fail(e),
            };
            let linter = Linter::new(RuleSet::default());
            emit(&zwlint::report::segment(&linter, &src, json))
        }
        Command::Rules { rules, json } => match load_rules(&rules) {
            Ok(set) => emit(&report::rules_list(&set, json)),
            Err(e) => fail(e),
        },
        Command::Explain { id, rules } => match load_rules(&rules) {
            Ok(set) => match set.get(&id) {
                Some(r) => emit(&report::explain(r)),
                None => fail(format!("没有规则 “{id}”；用 zwlint rules 查看全部规则")),
            },
            Err(e) => fail(e),
        },
    }
}
