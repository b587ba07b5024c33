//! Serving a sandbox until the process is told to stop: what the `wooshpay-sandbox` binary and
//! `wooshpay sandbox` do.

use std::io::Write;
use std::process::ExitCode;

use wooshpay_testing::SandboxBuilder;

/// Starts the sandbox `builder` describes, prints its base URL, the secret key it accepts and the
/// webhook secret its deliveries are signed with (one `label: value` line each), then serves
/// until Ctrl-C or SIGTERM. Errors are printed on stderr and end in a failure exit code.
pub async fn serve(builder: SandboxBuilder) -> ExitCode {
    // Before anything is printed: whoever reads the address may signal right away.
    let shutdown = match Shutdown::install() {
        Ok(shutdown) => shutdown,
        Err(e) => {
            eprintln!("error: could not listen for shutdown signals: {e}");
            return ExitCode::FAILURE;
        }
    };
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
    shutdown.wait().await;
    eprintln!("shutting down");
    ExitCode::SUCCESS
}

/// The signals that stop the server: Ctrl-C, and SIGTERM where there is one (how process
/// managers stop a server). Installed on creation, so a signal that comes before
/// [`Shutdown::wait`] still counts.
struct Shutdown {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Shutdown {
    fn install() -> std::io::Result<Shutdown> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Shutdown {
                interrupt: signal(SignalKind::interrupt())?,
                terminate: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Shutdown {})
        }
    }

    async fn wait(mut self) {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.interrupt.recv() => {}
                _ = self.terminate.recv() => {}
            }
        }
        #[cfg(not(unix))]
        {
            // Without a handler, Ctrl-C ends the process anyway; waiting forever is the rest.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
            let _ = &mut self;
        }
    }
}
