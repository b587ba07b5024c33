//! Serving a sandbox until the process is told to stop: what the `wooshpay-sandbox` binary and
//! `wooshpay sandbox` do.

use std::io::Write;
use std::process::ExitCode;

use wooshpay_testing::SandboxBuilder;

/// Starts the sandbox `builder` describes, prints its base URL, the secret key it accepts and the
/// webhook secret its deliveries are signed with (one `label: value` line each), then serves
/// until Ctrl-C or SIGTERM. Errors are printed on stderr and end in a failure exit code.
pub async fn serve(builder: SandboxBuilder) -> ExitCode {
    let sandbox = match builder.start().await {
        Ok(sandbox) => sandbox,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout().lock();
    let printed = writeln!(out, "base url: {}", sandbox.base_url())
        .and_then(|()| writeln!(out, "secret key: {}", sandbox.secret_key()))
        .and_then(|()| writeln!(out, "webhook secret: {}", sandbox.webhook_secret()))
        .and_then(|()| out.flush());
    drop(out);
    if let Err(e) = printed {
        eprintln!("error: could not print the sandbox's address: {e}");
        return ExitCode::FAILURE;
    }
    match shutdown_signal().await {
        Ok(()) => {
            eprintln!("shutting down");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: could not wait for a shutdown signal: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Ctrl-C, or SIGTERM where there is one (how process managers stop a server).
async fn shutdown_signal() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            result = tokio::signal::ctrl_c() => result,
            _ = terminate.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await
    }
}
