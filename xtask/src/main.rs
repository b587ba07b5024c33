//! `cargo xtask`: the maintainers' commands. Thin: argument parsing and file writing; the work
//! is done by the `wooshpay-generator` library.

mod code_change;
mod codegen;
mod readme_figures;
mod semver;
mod spec_diff;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "wooshpay-rs maintainer commands")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the generated code of the sdk/ crates from spec/wooshpay.yaml.
    Codegen {
        /// Write nothing; fail with a diff if the committed code differs from a fresh generation.
        #[arg(long)]
        check: bool,
    },
    /// Compare spec/wooshpay.yaml at a git revision with the working tree, or two spec files:
    /// what changes for users of the generated crate. Exits 3 when a change is breaking.
    SpecDiff {
        /// A git revision (compared with the working tree), or the old spec file when NEW is
        /// given.
        #[arg(value_name = "REV|OLD")]
        old: String,
        /// The new spec file.
        new: Option<PathBuf>,
        /// How the report is written.
        #[arg(long, value_enum, default_value_t = spec_diff::Format::Markdown)]
        format: spec_diff::Format,
        /// With a revision: accept breaking changes when sdk/Cargo.toml's version was bumped
        /// for them (major, or minor while 0.x) since that revision.
        #[arg(long)]
        semver: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = workspace_root();
    let result = match cli.command {
        Command::Codegen { check } => codegen::run(&root, check),
        Command::SpecDiff {
            old,
            new,
            format,
            semver,
        } => spec_diff::run(&root, &old, new.as_deref(), format, semver),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: xtask lives one level below it.
fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}
