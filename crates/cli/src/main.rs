//! `tracuu`: parses the command line and hands over to the library crates (ripgrep-style:
//! the binary parses, the libraries work). One module per subcommand in `commands/`.

mod commands;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "tracuu",
    version,
    about = "Tra cứu văn bản chính sách môi trường Việt Nam"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show the tokens of every analyzer for a text (like Elasticsearch's _analyze).
    Analyze(commands::analyze::Args),
    /// Print the document(s) and facts extracted from a file.
    Extract(commands::extract::Args),
    /// Extract and index files and folders.
    Index(commands::index::Args),
    /// Search the index.
    Search(commands::search::Args),
    /// Serve the search (builds the index from corpus/ on first start).
    Serve(commands::serve::Args),
    /// Crawl portals into WARC archives.
    Crawl(commands::crawl::Args),
}

/// Restores the default SIGPIPE action, so `tracuu extract … | head` ends quietly like any Unix
/// filter instead of panicking in `println!` (Rust ignores SIGPIPE by default).
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called once at start-up before any thread exists; SIG_DFL is always a valid action.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn main() -> std::process::ExitCode {
    restore_sigpipe();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => commands::analyze::run(args),
        Command::Extract(args) => commands::extract::run(args),
        Command::Index(args) => commands::index::run(args),
        Command::Search(args) => commands::search::run(args),
        Command::Serve(args) => commands::serve::run(args),
        Command::Crawl(args) => commands::crawl::run(args),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("lỗi: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
