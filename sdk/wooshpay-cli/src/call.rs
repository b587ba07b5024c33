//! Running an operation: its request assembled from positionals, flags and `-d` values, sent
//! through the SDK's client, the answer printed; `--all` follows a list's pages.

use std::io::{self, IsTerminal, Read};
use std::path::Path;

use clap::ArgMatches;
use serde_json::{Map, Value};

use futures_util::TryStreamExt;
use wooshpay::Client;
use wooshpay::raw::{Multipart, RawRequest};

use super::Failure;
use super::body;
use super::output::Printer;
use wooshpay_testing::operations::{Body, Operation, ValueKind as Kind};

/// The page size `--all` asks for when `--limit` is not given (the API's maximum).
const ALL_PAGE_SIZE: &str = "100";

/// Sends `command` as `matches` describe it and prints the answer.
pub(crate) async fn run(
    client: &Client,
    op: &'static Operation,
    matches: &ArgMatches,
) -> Result<(), Failure> {
    let mut path_params = Vec::new();
    for param in op.command.path_params() {
        let value = matches
            .get_one::<String>(param.flag)
            .ok_or_else(|| Failure::Usage(format!("<{}> is required", param.flag)))?;
        path_params.push((param.name, value.clone()));
    }
    let mut query = Vec::new();
    for param in op.command.query() {
        if let Some(value) = flag_text(matches, param.flag, param.kind) {
            query.push((param.name.to_string(), value));
        }
    }
    let data: Vec<&String> = matches
        .get_many::<String>("data")
        .into_iter()
        .flatten()
        .collect();
    let mut request = client
        .raw_request(op.method, op.path)
        .operation(op.operation_id);
    for (name, value) in path_params {
        request = request.path_param(name, value);
    }
    match op.command.body {
        Body::None => {
            for pair in data {
                let (key, value) = pair.split_once('=').ok_or_else(|| {
                    Failure::Usage(format!(
                        "-d {pair}: `{} {}` takes no body; give query parameters as KEY=VALUE",
                        op.command.resource, op.command.name
                    ))
                })?;
                query.push((key.to_string(), value.to_string()));
            }
        }
        Body::Json => request = request.json(json_body(op, matches, &data)?),
        Body::Multipart => request = request.multipart(form(op, matches, &data)?),
    }
    if let Some(key) = matches
        .try_get_one::<String>("idempotency-key")
        .ok()
        .flatten()
    {
        request = request.idempotency_key(key.clone());
    }
    let printer = Printer::for_stdout();
    let all =
        op.command.paginated && matches.try_get_one::<bool>("all").ok().flatten() == Some(&true);
    if all && !query.iter().any(|(k, _)| k == "limit") {
        query.push(("limit".into(), ALL_PAGE_SIZE.into()));
    }
    for (key, value) in query {
        request = request.query(key, value);
    }
    if all {
        return follow(request, printer).await;
    }
    let value = request.send().await.map_err(Failure::Sdk)?;
    printer.print(&value).map_err(write_failure)
}

/// A flag's value as the text to send (typed flags were parsed by clap: printed back).
fn flag_text(matches: &ArgMatches, id: &str, kind: Kind) -> Option<String> {
    match kind {
        Kind::Integer => matches.get_one::<i64>(id).map(i64::to_string),
        Kind::Number => matches.get_one::<f64>(id).map(f64::to_string),
        Kind::Boolean => matches.get_one::<bool>(id).map(bool::to_string),
        Kind::String | Kind::Json => matches.get_one::<String>(id).cloned(),
    }
}

fn flag_value(matches: &ArgMatches, id: &str, kind: Kind) -> Option<Value> {
    match kind {
        Kind::Integer => matches.get_one::<i64>(id).map(|v| Value::from(*v)),
        Kind::Number => matches.get_one::<f64>(id).map(|v| Value::from(*v)),
        Kind::Boolean => matches.get_one::<bool>(id).map(|v| Value::from(*v)),
        Kind::String | Kind::Json => {
            let text = matches.get_one::<String>(id)?;
            body::parse(kind, text, id).ok()
        }
    }
}

/// The JSON body: whole bodies (`-d '{…}'`, `-d @file`) first, then the flags, then the
/// `-d` pairs in order.
fn json_body(op: &Operation, matches: &ArgMatches, data: &[&String]) -> Result<Value, Failure> {
    let mut body = Value::Object(Map::new());
    let (wholes, pairs): (Vec<&String>, Vec<&String>) = data
        .iter()
        .partition(|d| d.starts_with('@') || d.trim_start().starts_with('{'));
    for whole in wholes {
        let (text, source) = match whole.strip_prefix('@') {
            Some("-") => (read_stdin()?, "stdin".to_string()),
            Some(path) => (read_file_text(path)?, format!("`{path}`")),
            None => (whole.to_string(), "-d".to_string()),
        };
        let parsed: Value = serde_json::from_str(&text)
            .map_err(|e| Failure::Usage(format!("the body in {source} is not JSON: {e}")))?;
        let Value::Object(fields) = parsed else {
            return Err(Failure::Usage(format!(
                "the body in {source} is not a JSON object"
            )));
        };
        if let Value::Object(map) = &mut body {
            map.extend(fields);
        }
    }
    for field in op.command.flag_fields() {
        if let Some(value) = flag_value(matches, field.flag, field.kind) {
            body::set_field(&mut body, field.path, value).map_err(Failure::Usage)?;
        }
    }
    for pair in pairs {
        let (key, text) = split_pair(pair)?;
        body::set_pair(&mut body, key, text, op.command.fields).map_err(Failure::Usage)?;
    }
    Ok(body)
}

fn split_pair(pair: &str) -> Result<(&str, &str), Failure> {
    pair.split_once('=').ok_or_else(|| {
        Failure::Usage(format!(
            "-d {pair}: expected KEY=VALUE, a JSON object, or @FILE"
        ))
    })
}

/// A multipart form: text fields as given, file fields read from the named path.
fn form(op: &Operation, matches: &ArgMatches, data: &[&String]) -> Result<Multipart, Failure> {
    let mut values: Vec<(&'static str, bool, String)> = Vec::new();
    for field in op.command.flag_fields() {
        if let Some(text) = flag_text(matches, field.flag, field.kind) {
            values.push((field.path, field.file, text));
        }
    }
    for pair in data {
        let (key, text) = split_pair(pair)?;
        let field = op
            .command
            .flag_fields()
            .find(|f| f.path == key)
            .ok_or_else(|| Failure::Usage(format!("-d {pair}: there is no form field `{key}`")))?;
        values.push((field.path, field.file, text.to_string()));
    }
    let mut form = Multipart::new();
    for (name, file, text) in values {
        form = if file {
            let contents = std::fs::read(&text).map_err(|e| {
                Failure::Usage(format!("--{name} {text}: cannot read the file: {e}"))
            })?;
            let filename = Path::new(&text)
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("upload");
            form.file(name, filename, media_type(filename), &contents)
        } else {
            form.text(name, &text)
        };
    }
    Ok(form)
}

/// The media type of an upload, by its extension.
fn media_type(filename: &str) -> &'static str {
    let extension = filename
        .rsplit('.')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match extension.as_str() {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "csv" => "text/csv",
        "txt" => "text/plain",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

fn read_stdin() -> Result<String, Failure> {
    let mut text = String::new();
    io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| Failure::Usage(format!("cannot read the body from stdin: {e}")))?;
    Ok(text)
}

fn read_file_text(path: &str) -> Result<String, Failure> {
    std::fs::read_to_string(path)
        .map_err(|e| Failure::Usage(format!("-d @{path}: cannot read the file: {e}")))
}

fn write_failure(e: io::Error) -> Failure {
    Failure::Transport(format!("could not write the output: {e}"))
}

/// `--all`: every item from the first page (or from the given cursor), through the SDK's
/// `stream()`, each printed as it arrives, progress on a terminal's stderr, the count at the
/// end.
async fn follow(request: RawRequest<'_>, printer: Printer) -> Result<(), Failure> {
    let progress = io::stderr().is_terminal();
    let mut items = request.stream();
    let mut count: u64 = 0;
    while let Some(item) = items.try_next().await.map_err(Failure::Sdk)? {
        match printer.print(&item) {
            Ok(()) => count += 1,
            // The reader went away (`| head`): stop quietly.
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(()),
            Err(e) => return Err(write_failure(e)),
        }
        if progress && count.is_multiple_of(100) {
            eprint!("\r{count} objects…");
        }
    }
    if progress {
        eprint!("\r");
    }
    eprintln!("{count} objects");
    Ok(())
}
