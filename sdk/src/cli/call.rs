//! Running an operation: its request assembled from positionals, flags and `-d` values, sent
//! through the SDK's client, the answer printed; `--all` follows a list's pages.

use std::io::{self, IsTerminal, Read};
use std::path::Path;

use clap::ArgMatches;
use serde_json::{Map, Value};

use super::Failure;
use super::body;
use super::output::Printer;
use super::table::{Body, Command, Kind};
use crate::Client;
use crate::RequestOptions;
use crate::multipart::Multipart;
use crate::raw::{RawBody, RawRequest};

/// The page size `--all` asks for when `--limit` is not given (the API's maximum).
const ALL_PAGE_SIZE: &str = "100";

/// Sends `command` as `matches` describe it and prints the answer.
pub(crate) async fn run(
    client: &Client,
    command: &'static Command,
    matches: &ArgMatches,
) -> Result<(), Failure> {
    let mut path_params = Vec::new();
    for param in command.path_params() {
        let value = matches
            .get_one::<String>(param.flag)
            .ok_or_else(|| Failure::Usage(format!("<{}> is required", param.flag)))?;
        path_params.push((param.name, value.clone()));
    }
    let mut query = Vec::new();
    for param in command.query() {
        if let Some(value) = flag_text(matches, param.flag, param.kind) {
            query.push((param.name.to_string(), value));
        }
    }
    let data: Vec<&String> = matches
        .get_many::<String>("data")
        .into_iter()
        .flatten()
        .collect();
    let body = match command.body {
        Body::None => {
            for pair in data {
                let (key, value) = pair.split_once('=').ok_or_else(|| {
                    Failure::Usage(format!(
                        "-d {pair}: `{} {}` takes no body; give query parameters as KEY=VALUE",
                        command.resource, command.name
                    ))
                })?;
                query.push((key.to_string(), value.to_string()));
            }
            RawBody::None
        }
        Body::Json => RawBody::Json(json_body(command, matches, &data)?),
        Body::Multipart => RawBody::Multipart(form(command, matches, &data)?),
    };
    let options = RequestOptions {
        idempotency_key: matches
            .try_get_one::<String>("idempotency-key")
            .ok()
            .flatten()
            .cloned(),
        ..RequestOptions::default()
    };
    let printer = Printer::for_stdout();
    let all = command.paginated && matches.try_get_one::<bool>("all").ok().flatten() == Some(&true);
    let request = RawRequest {
        operation: command.operation_id,
        method: command.method,
        path: command.path,
        path_params,
        query,
        body,
    };
    if all {
        return follow(client, request, options, printer).await;
    }
    let value = client
        .execute_raw(request, options)
        .await
        .map_err(Failure::Sdk)?;
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
fn json_body(command: &Command, matches: &ArgMatches, data: &[&String]) -> Result<Value, Failure> {
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
    for field in command.flag_fields() {
        if let Some(value) = flag_value(matches, field.flag, field.kind) {
            body::set_field(&mut body, field.path, value).map_err(Failure::Usage)?;
        }
    }
    for pair in pairs {
        let (key, text) = split_pair(pair)?;
        body::set_pair(&mut body, key, text, command.fields).map_err(Failure::Usage)?;
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
fn form(command: &Command, matches: &ArgMatches, data: &[&String]) -> Result<Multipart, Failure> {
    let mut values: Vec<(&'static str, bool, String)> = Vec::new();
    for field in command.flag_fields() {
        if let Some(text) = flag_text(matches, field.flag, field.kind) {
            values.push((field.path, field.file, text));
        }
    }
    for pair in data {
        let (key, text) = split_pair(pair)?;
        let field = command
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

/// `--all`: every page from the first (or from the given cursor), each object printed as it
/// arrives, progress on a terminal's stderr, the count at the end.
async fn follow(
    client: &Client,
    mut request: RawRequest<'_>,
    options: RequestOptions,
    printer: Printer,
) -> Result<(), Failure> {
    if !request.query.iter().any(|(k, _)| k == "limit") {
        request.query.push(("limit".into(), ALL_PAGE_SIZE.into()));
    }
    let progress = io::stderr().is_terminal();
    let operation = request.operation;
    let mut count: u64 = 0;
    loop {
        let page_request = RawRequest {
            operation,
            method: request.method,
            path: request.path,
            path_params: request.path_params.clone(),
            query: request.query.clone(),
            body: RawBody::None,
        };
        let page = client
            .execute_raw(page_request, options.clone())
            .await
            .map_err(Failure::Sdk)?;
        let unexpected = |what: &str| {
            Failure::Transport(format!(
                "{operation}: the list page has {what}, so its next page cannot be asked for"
            ))
        };
        let items = page
            .get("data")
            .and_then(Value::as_array)
            .ok_or_else(|| unexpected("no `data` array"))?;
        for item in items {
            match printer.print(item) {
                Ok(()) => count += 1,
                // The reader went away (`| head`): stop quietly.
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(()),
                Err(e) => return Err(write_failure(e)),
            }
        }
        if progress {
            eprint!("\r{count} objects…");
        }
        let has_more = page
            .get("has_more")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let Some(last) = items.last() else { break };
        if !has_more {
            break;
        }
        let cursor = last
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| unexpected("an object without an `id`"))?
            .to_string();
        request.query.retain(|(k, _)| k != "starting_after");
        request.query.push(("starting_after".into(), cursor));
    }
    if progress {
        eprint!("\r");
    }
    eprintln!("{count} objects");
    Ok(())
}
