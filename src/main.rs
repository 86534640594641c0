//! The `zwlint` command. The only place that prints or exits.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use zwlint::check::Linter;
use zwlint::config::{self, FailOn};
use zwlint::document::ItemType;
use zwlint::input;
use zwlint::report::{self, Reporter};
use zwlint::rules::{Lists, RuleSet};
use zwlint::run::{self, Overrides, Preparer, RunOptions, SortBy};

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
    Sarif,
    Github,
    Gitlab,
    Rdjson,
    Junit,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOnArg {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum SortArg {
    Path,
    Score,
}

#[derive(clap::Args)]
struct RuleArgs {
    /// Extra rule folder (TOML rule files; word lists in DIR/lists/*.txt). Repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    rules: Vec<PathBuf>,
}

#[derive(clap::Args)]
struct ConfigArgs {
    /// Use this configuration file for every checked file (no discovery).
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    config: Option<PathBuf>,
    /// Ignore all configuration files.
    #[arg(long)]
    isolated: bool,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files or folders; folders are searched for .txt, .md, .markdown and .docx files (.doc and .wps are reported: save as .docx); - reads standard input.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Item type (动态, 综合, 经验, 问题建议, 紧急); guessed when absent.
    #[arg(long = "type", value_name = "TYPE", value_parser = parse_type)]
    item_type: Option<ItemType>,
    /// Report date YYYY-MM-DD; default: the footer's 报送日期, else today.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    date: Option<NaiveDate>,
    /// Lowest severity that makes the exit status 1 (default: error).
    #[arg(long, value_enum)]
    fail_on: Option<FailOnArg>,
    /// Exit status 1 when there are more than N warnings.
    #[arg(long, value_name = "N")]
    max_warnings: Option<usize>,
    /// Only these rules or relations (comma-separated ids, relation keys or ALL).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    select: Option<Vec<String>>,
    /// Add rules or relations to the selection.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    extend_select: Vec<String>,
    /// Turn rules or relations off.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    ignore: Vec<String>,
    /// Skip files matching GLOB when walking folders (repeatable).
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Also check hidden files and folders.
    #[arg(long)]
    hidden: bool,
    /// Do not look for near-duplicate items across the batch.
    #[arg(long)]
    no_cross: bool,
    /// Order of files in the report.
    #[arg(long, value_enum, default_value_t = SortArg::Path)]
    sort: SortArg,
    /// Findings only (human format: no per-file summaries, totals or ranking).
    #[arg(long, short)]
    quiet: bool,
    /// Print how often each rule fired instead of the findings (formats human, concise, json, csv).
    #[arg(long)]
    statistics: bool,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
    threads: usize,
    /// Colours in human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    #[command(flatten)]
    config: ConfigArgs,
    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Check drafts (files, folders, or - for standard input).
    Check(Box<CheckArgs>),
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
    /// Write a commented zwlint.toml with every key and its default.
    Init {
        /// Where to write it.
        #[arg(default_value = "zwlint.toml")]
        path: PathBuf,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Print the effective configuration for a file or folder.
    Config {
        /// The file or folder whose configuration to show.
        #[arg(default_value = ".")]
        path: PathBuf,
        #[command(flatten)]
        config: ConfigArgs,
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
    // A message may quote a file name: no raw control characters.
    let msg = msg.to_string();
    let lines: Vec<_> = msg.split('\n').map(report::shown).collect();
    eprintln!("zwlint: 错误：{}", lines.join("\n"));
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
        Command::Check(args) => check(*args),
        Command::Segment { path, json } => {
            let inp = if path.as_os_str() == "-" {
                input::Input::Stdin
            } else {
                input::Input::File(path)
            };
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
        Command::Init { path, force } => init(&path, force),
        Command::Config { path, config } => show_config(&path, &config),
        Command::Explain { id, rules } => match load_rules(&rules) {
            Ok(set) => match set.get(&id) {
                Some(r) => emit(&report::explain(r)),
                None => fail(format!("没有规则 “{id}”；用 zwlint rules 查看全部规则")),
            },
            Err(e) => fail(e),
        },
    }
}

fn check(a: CheckArgs) -> ExitCode {
    let fail_on = a.fail_on.map(|f| match f {
        FailOnArg::Error => FailOn::Error,
        FailOnArg::Warning => FailOn::Warning,
        FailOnArg::Info => FailOn::Info,
        FailOnArg::Never => FailOn::Never,
    });
    let opts = RunOptions {
        paths: a.paths.clone(),
        config: a.config.config.clone(),
        isolated: a.config.isolated,
        overrides: Overrides {
            select: a.select.clone(),
            extend_select: a.extend_select.clone(),
            ignore: a.ignore.clone(),
            fail_on,
            max_warnings: a.max_warnings,
            item_type: a.item_type,
            report_date: a.date,
            rule_dirs: a.rules.rules.clone(),
            exclude: a.exclude.clone(),
        },
        hidden: a.hidden,
        cross: !a.no_cross,
        sort: match a.sort {
            SortArg::Path => SortBy::Path,
            SortArg::Score => SortBy::Score,
        },
        threads: a.threads,
        today: None,
        output: a.output.clone(),
    };
    let stats_format = match a.format {
        Format::Human | Format::Concise => report::StatsFormat::Table,
        Format::Json => report::StatsFormat::Json,
        Format::Csv => report::StatsFormat::Csv,
        Format::Sarif | Format::Github | Format::Gitlab | Format::Rdjson | Format::Junit => {
            report::StatsFormat::Unsupported
        }
    };
    if a.statistics && stats_format == report::StatsFormat::Unsupported {
        return fail("--statistics 只能与 --format human、concise、json 或 csv 一起使用");
    }
    if let Some(c) = &opts.config {
        if !c.is_file() {
            return fail(format!("配置文件不存在：{}", c.display()));
        }
    }
    let mut prep = Preparer::new(opts.overrides.clone());
    let color = match a.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => a.output.is_none() && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let mut reporter: Box<dyn Reporter> = match a.format {
        Format::Human => Box::new(report::human::Human::new(report::human::HumanOptions { color, quiet: a.quiet })),
        Format::Concise => Box::new(report::concise::Concise { quiet: a.quiet }),
        Format::Json => Box::new(report::json::Json::default()),
        Format::Sarif => match run::registry(&opts, &mut prep) {
            Ok(rules) => Box::new(report::sarif::Sarif::new(&rules)),
            Err(e) => return fail(e),
        },
        Format::Github => Box::new(report::github::Github),
        Format::Gitlab => Box::new(report::gitlab::Gitlab::default()),
        Format::Rdjson => Box::new(report::rdjson::Rdjson::default()),
        Format::Junit => Box::new(report::junit::Junit),
        Format::Csv => Box::new(report::csv::Csv),
    };
    // Where the report goes: standard output or --output FILE (written to a
    // new temporary file in the same folder, then renamed over FILE, so a
    // failed run never leaves half a report in place of an old one; the
    // temporary file is removed when dropped).
    let mut file_out: Option<std::io::BufWriter<tempfile::NamedTempFile>> = None;
    if let Some(path) = &a.output {
        match temp_output(path) {
            Ok(t) => file_out = Some(std::io::BufWriter::with_capacity(64 << 10, t)),
            Err(e) => return fail(format!("无法写入 {}：{e}", path.display())),
        }
    }
    let mut write_err: Option<std::io::Error> = None;
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    let statistics = a.statistics;
    let mut sink = |s: &str| {
        if statistics || write_err.is_some() || s.is_empty() {
            return;
        }
        let r = match &mut file_out {
            Some(f) => f.write_all(s.as_bytes()),
            None => lock.write_all(s.as_bytes()),
        };
        if let Err(e) = r {
            write_err = Some(e);
        }
    };
    let result = match run::run(&opts, &mut prep, reporter.as_mut(), &mut sink) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    if statistics {
        let text = report::statistics(&result.summary, stats_format);
        let r = match &mut file_out {
            Some(f) => f.write_all(text.as_bytes()),
            None => lock.write_all(text.as_bytes()),
        };
        if let Err(e) = r {
            write_err = Some(e);
        }
    }
    let _ = lock.flush();
    if let Some(f) = file_out {
        if let Some(e) = write_err {
            return fail(format!("写入报告失败：{e}"));
        }
        let tmp = match f.into_inner() {
            Ok(t) => t,
            Err(e) => return fail(format!("写入报告失败：{}", e.error())),
        };
        let dest = a.output.as_ref().expect("output set");
        if let Err(e) = tmp.persist(dest) {
            return fail(format!("无法写入 {}：{}", dest.display(), e.error));
        }
    } else if let Some(e) = write_err {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return fail(format!("写入报告失败：{e}"));
        }
    }
    ExitCode::from(result.exit_code())
}

/// A new temporary file beside `path` for the report: a unique name (an
/// existing file is never reused), hidden and without a draft's extension so
/// that no folder walk picks it up. It takes the permissions of the report
/// it replaces; a new report gets the usual ones (0666 less the umask).
fn temp_output(path: &std::path::Path) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut b = tempfile::Builder::new();
    b.prefix(&prefix).suffix(".zwlint-tmp");
    let old = std::fs::metadata(path).ok().filter(|m| m.is_file());
    #[cfg(unix)]
    if old.is_none() {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let t = b.tempfile_in(dir)?;
    if let Some(m) = old {
        t.as_file().set_permissions(m.permissions())?;
    }
    Ok(t)
}

fn init(path: &std::path::Path, force: bool) -> ExitCode {
    if path.exists() && !force {
        return fail(format!("{} 已存在；加 --force 覆盖", path.display()));
    }
    let rules = match RuleSet::embedded() {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    match std::fs::write(path, config::init_template(&rules)) {
        Ok(()) => {
            eprintln!("已写入 {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => fail(format!("无法写入 {}：{e}", path.display())),
    }
}

fn show_config(path: &std::path::Path, args: &ConfigArgs) -> ExitCode {
    let file = if args.isolated {
        None
    } else if let Some(c) = &args.config {
        Some(c.clone())
    } else {
        config::discover(path)
    };
    let mut prep = Preparer::new(Overrides::default());
    match prep.get(file.as_deref()) {
        Ok(p) => emit(&config::describe(&p.settings, &p.rules)),
        Err(e) => fail(e),
    }
}
