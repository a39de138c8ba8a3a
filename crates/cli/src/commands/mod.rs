//! One module per subcommand; each owns its flags (`Args`) and a `run`.

pub mod analyze;
pub mod crawl;
pub mod extract;
pub mod index;
pub mod search;
pub mod serve;
