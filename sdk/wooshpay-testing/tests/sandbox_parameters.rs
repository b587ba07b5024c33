//! Every parameter of every operation is honoured or refused, over loopback HTTP: for each body
//! and query parameter the spec gives an operation, a request carrying it is either taken (no
//! `parameter_unsupported`) when the operation lists it as honoured, or answered 400
//! `parameter_unsupported` naming it and saying the sandbox does not model it.

use std::collections::HashMap;

use serde_json::{Value, json};
use wooshpay_testing::Sandbox;

fn spec() -> serde_yaml::Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec/wooshpay.yaml");
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn resolve<'a>(spec: &'a serde_yaml::Value, value: &'a serde_yaml::Value) -> &'a serde_yaml::Value {
    match value.get("$ref").and_then(|r| r.as_str()) {
        Some(reference) => {
            let mut node = spec;
            for part in reference.trim_start_matches("#/").split('/') {
                node = &node[part];
            }
            node
        }
        None => value,
    }
}

/// A value of the schema's type, for sending a parameter.
fn sample(spec: &serde_yaml::Value, schema: &serde_yaml::Value) -> Value {
    let schema = resolve(spec, schema);
    if let Some(example) = schema.get("example") {
        return serde_json::to_value(example).unwrap_or(Value::Null);
    }
    for combinator in ["allOf", "oneOf", "anyOf"] {
        if let Some(first) = schema.get(combinator).and_then(|a| a.get(0)) {
            return sample(spec, first);
        }
    }
    if let Some(values) = schema.get("enum").and_then(|e| e.as_sequence()) {
        return serde_json::to_value(&values[0]).unwrap_or(Value::Null);
    }
    match schema.get("type").and_then(|t| t.as_str()) {
        Some("integer") | Some("number") => json!(100),
        Some("boolean") => json!(false),
        Some("array") => json!([]),
        Some("object") => {
            let mut object = serde_json::Map::new();
            for name in schema["required"].as_sequence().into_iter().flatten() {
                let name = name.as_str().unwrap();
                object.insert(name.to_string(), sample(spec, &schema["properties"][name]));
            }
            Value::Object(object)
        }
        _ => json!("value"),
    }
}

/// A documented id for each collection, so that paths address stored objects.
fn ids() -> HashMap<String, String> {
    let mut ids = HashMap::new();
    for op in wooshpay_testing::operations() {
        let example: Value = serde_json::from_str(op.example).unwrap();
        if let (Some(id), Some(collection)) =
            (example["id"].as_str(), op.path.strip_suffix("/{id}"))
        {
            ids.entry(collection.to_string()).or_insert(id.to_string());
        }
    }
    ids
}

#[tokio::test]
async fn every_parameter_is_honoured_or_refused_by_name() {
    let spec = spec();
    let ids = ids();
    let sandbox = Sandbox::start().await.unwrap();
    let http = reqwest::Client::new();
    let mut checked = 0;
    let mut refused = 0;
    for op in wooshpay_testing::operations() {
        let item = &spec["paths"][op.path][op.method.to_ascii_lowercase().as_str()];
        let collection = op.path.split("/{id}").next().unwrap_or_default();
        let id = ids.get(collection).cloned().unwrap_or_else(|| "x_1".into());
        let path = op
            .path
            .replace("{id}", &id)
            .replace("{customer_id}", "cus_1953770230215868416");
        let mut sent: Vec<(String, bool, Value)> = Vec::new();
        let body_schema = &item["requestBody"]["content"]["application/json"]["schema"];
        if !body_schema.is_null() {
            let schema = resolve(&spec, body_schema);
            for (name, property) in schema["properties"].as_mapping().into_iter().flatten() {
                let name = name.as_str().unwrap().to_string();
                sent.push((name, true, sample(&spec, property)));
            }
        }
        for parameter in item["parameters"].as_sequence().into_iter().flatten() {
            let parameter = resolve(&spec, parameter);
            if parameter["in"].as_str() == Some("query") {
                let name = parameter["name"].as_str().unwrap().to_string();
                let value = match parameter.get("example") {
                    Some(example) => serde_json::to_value(example).unwrap(),
                    None => sample(&spec, &parameter["schema"]),
                };
                sent.push((name, false, value));
            }
        }
        let honoured_body = op.honoured_body_parameters();
        let honoured_query = op.honoured_query_parameters();
        for (name, in_body, mut value) in sent {
            if name.ends_with("currency") {
                value = json!("USD");
            }
            let mut request;
            if in_body {
                let mut body: Value =
                    serde_json::from_str(op.sample_request.unwrap_or("{}")).unwrap();
                body[&name] = value;
                request = http
                    .request(
                        op.method.parse().unwrap(),
                        format!("{}{path}", sandbox.base_url()),
                    )
                    .json(&body);
            } else {
                let text = match &value {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                request = http
                    .request(
                        op.method.parse().unwrap(),
                        format!("{}{path}", sandbox.base_url()),
                    )
                    .query(&[(name.as_str(), text.as_str())]);
            }
            request = request.basic_auth(sandbox.secret_key(), Some(""));
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let answer: Value = response.json().await.unwrap_or(Value::Null);
            let unsupported = answer["error"]["code"] == "parameter_unsupported";
            let honoured = if in_body {
                honoured_body.iter().any(|h| {
                    h == &name
                        || h.starts_with(&format!("{name}."))
                        || h.starts_with(&format!("{name}[]"))
                })
            } else {
                honoured_query.contains(&name)
            };
            if honoured {
                assert!(
                    !(unsupported && answer["error"]["param"] == name.as_str()),
                    "{} refused honoured `{name}`: {answer}",
                    op.operation_id
                );
            } else {
                assert_eq!(
                    status, 400,
                    "{} took unmodelled `{name}` silently: {answer}",
                    op.operation_id
                );
                assert!(unsupported, "{}: `{name}`: {answer}", op.operation_id);
                assert_eq!(answer["error"]["param"], name.as_str(), "{answer}");
                assert!(
                    answer["error"]["message"]
                        .as_str()
                        .unwrap()
                        .contains("does not model")
                );
                refused += 1;
            }
            checked += 1;
        }
    }
    assert!(checked > 200, "{checked} parameters");
    assert!(refused > 5, "{refused} refused");
}

#[tokio::test]
async fn filters_and_search_apply() {
    let sandbox = Sandbox::builder().empty().start().await.unwrap();
    let http = reqwest::Client::new();
    let post = |body: Value| {
        http.post(format!("{}/v1/payment_intents", sandbox.base_url()))
            .basic_auth(sandbox.secret_key(), Some(""))
            .json(&body)
            .send()
    };
    post(json!({"amount": 100, "currency": "USD", "merchant_order_id": "o-1", "metadata": {"shop": "a"}})).await.unwrap();
    post(json!({"amount": 200, "currency": "USD", "merchant_order_id": "o-2", "metadata": {"shop": "b"}})).await.unwrap();
    let get = |path: String| {
        let http = http.clone();
        let key = sandbox.secret_key().to_string();
        let base = sandbox.base_url().to_string();
        async move {
            let answer: Value = http
                .get(format!("{base}{path}"))
                .basic_auth(key, Some(""))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            answer
        }
    };
    let found = get("/v1/payment_intents/search?query=merchant_order_id%3A%27o-2%27".into()).await;
    assert_eq!(found["data"].as_array().unwrap().len(), 1, "{found}");
    assert_eq!(found["data"][0]["amount"], 200);
    let found = get("/v1/payment_intents/search?query=metadata%5B%27shop%27%5D%3A%27a%27%20AND%20currency%3A%27USD%27".into()).await;
    assert_eq!(found["data"].as_array().unwrap().len(), 1, "{found}");
    assert_eq!(found["data"][0]["amount"], 100);
    let odd = get("/v1/payment_intents/search?query=amount%3E100".into()).await;
    assert_eq!(odd["error"]["code"], "parameter_unsupported", "{odd}");
    let none = get("/v1/payment_intents?customer=cus_nobody".into()).await;
    assert_eq!(
        none["data"].as_array().unwrap().len(),
        0,
        "a filter keeps only matches: {none}"
    );
}
