//! The `smm` command line: the commands and their options; each command's wiring is a module
//! of [`cli`].
//!
//! Exit codes: 0 no error (warnings allowed), 1 the plan has errors, 2 usage or I/O problems.

mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use cli::check::Format;
use cli::{Common, Fatal};
use smm::emit::Artifact;

/// mimalloc rather than the system allocator: checking and building allocate many small
/// strings and vectors, and glibc's malloc spent about 30% of the instructions of a check
/// (see docs/performance.md) and contended across rayon's threads when checking many files.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A compiler for social media campaign plans.
#[derive(Debug, Parser)]
#[command(name = "smm", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check campaign plans and report every problem found.
    Check {
        /// Files, directories (every *.smm below, honouring .gitignore) or glob patterns.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// How to report: human (default), short, json, github or sarif.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        #[command(flatten)]
        common: Common,
    },
    /// Check a plan, then write its calendar, budget plan, KPI checklist and plan.json.
    Build {
        /// The campaign's entry file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The folder to write into (created if needed).
        #[arg(short, long, value_name = "DIR", default_value = "out")]
        output: PathBuf,
        /// Write only these files (comma-separated; default: all).
        #[arg(long, value_enum, value_delimiter = ',', value_name = "FILES")]
        emit: Vec<Artifact>,
        /// Only this role's events in the calendar files.
        #[arg(long, value_name = "ROLE")]
        role: Option<String>,
        /// Also write one calendar-ROLE.ics per role.
        #[arg(long)]
        split_by_role: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Explain a diagnostic code, with a wrong and a right example (`--list` for every code).
    Explain {
        /// A code such as E0110 or W0601, or a lint name such as late-night-post.
        #[arg(required_unless_present = "list")]
        code: Option<String>,
        /// List every code with its lint name and summary.
        #[arg(long)]
        list: bool,
    },
    /// Rewrite .smm files in the canonical layout (see docs/formatting.md).
    Fmt {
        /// Files, directories (every *.smm below, honouring .gitignore) or glob patterns; `-`
        /// formats standard input to standard output.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Write nothing; list the files that are not formatted and exit 1 if there are any.
        #[arg(long)]
        check: bool,
        /// Write nothing; print the changes as a unified diff.
        #[arg(long)]
        diff: bool,
    },
    /// Run the language server on stdin/stdout (for editors; see docs/editors.md).
    Lsp,
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check {
            paths,
            format,
            common,
        } => cli::check::check(&paths, format, &common),
        Command::Build {
            file,
            output,
            emit,
            role,
            split_by_role,
            common,
        } => cli::build::build(&file, &output, &emit, role, split_by_role, &common),
        Command::Explain { code, list } => cli::explain::explain(code.as_deref(), list),
        Command::Fmt { paths, check, diff } => cli::fmt::fmt(&paths, check, diff),
        Command::Lsp => smm::lsp::run().map(|()| ExitCode::SUCCESS).map_err(Fatal),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "smm", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
    };
    match result {
        Ok(code) => code,
        Err(Fatal(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
