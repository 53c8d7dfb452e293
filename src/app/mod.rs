//! The debugger (to be built): state, keys and the terminal loop.

use crate::cli::DisplayArgs;
use crate::error::Result;
use crate::session::Session;

pub fn run_terminal(_session: Session, _display: &DisplayArgs) -> Result<()> {
    crate::bail!("the debugger screen is not built yet")
}

pub fn frame(_session: Session, _size: &str, _keys: &str, _ansi: bool, _display: &DisplayArgs) -> Result<String> {
    crate::bail!("the debugger screen is not built yet")
}

pub fn bench_render(_session: &Session, _size: &str, _repeat: usize) -> Result<()> {
    crate::bail!("the debugger screen is not built yet")
}
