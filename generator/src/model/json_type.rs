//! The JSON types a schema's `type` names, written once: which names OpenAPI 3.0 has, which
//! values fit each, and which type a value has.

use serde_json::Value;

/// One of OpenAPI 3.0's `type`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    /// `string`.
    String,
    /// `integer`: a number without a fraction.
    Integer,
    /// `number`: any number.
    Number,
    /// `boolean`.
    Boolean,
    /// `object`.
    Object,
    /// `array`.
    Array,
}

impl JsonType {
    /// Every type, in the order messages list them.
    pub const ALL: [JsonType; 6] = [
        JsonType::String,
        JsonType::Number,
        JsonType::Integer,
        JsonType::Boolean,
        JsonType::Object,
        JsonType::Array,
    ];

    /// The type's name as a schema writes it.
    pub fn name(self) -> &'static str {
        match self {
            JsonType::String => "string",
            JsonType::Integer => "integer",
            JsonType::Number => "number",
            JsonType::Boolean => "boolean",
            JsonType::Object => "object",
            JsonType::Array => "array",
        }
    }

    /// The type a schema's `type: name` stands for; `None` for a name OpenAPI 3.0 does not have.
    pub fn named(name: &str) -> Option<JsonType> {
        JsonType::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The type of `value` (an integer when its number has no fraction); `None` for `null`.
    pub fn of(value: &Value) -> Option<JsonType> {
        Some(match value {
            Value::Null => return None,
            Value::Bool(_) => JsonType::Boolean,
            Value::Number(n) if n.is_f64() => JsonType::Number,
            Value::Number(_) => JsonType::Integer,
            Value::String(_) => JsonType::String,
            Value::Array(_) => JsonType::Array,
            Value::Object(_) => JsonType::Object,
        })
    }

    /// Whether `value` is of this type (an integer is a number too).
    pub fn fits(self, value: &Value) -> bool {
        match self {
            JsonType::String => value.is_string(),
            JsonType::Integer => value.is_i64() || value.is_u64(),
            JsonType::Number => value.is_number(),
            JsonType::Boolean => value.is_boolean(),
            JsonType::Array => value.is_array(),
            JsonType::Object => value.is_object(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_round_trip_and_values_fit_their_type() {
        for t in JsonType::ALL {
            assert_eq!(JsonType::named(t.name()), Some(t));
        }
        assert_eq!(JsonType::named("null"), None);
        assert_eq!(JsonType::of(&json!(1)), Some(JsonType::Integer));
        assert_eq!(JsonType::of(&json!(1.5)), Some(JsonType::Number));
        assert_eq!(JsonType::of(&json!(null)), None);
        assert!(JsonType::Number.fits(&json!(1)) && !JsonType::Integer.fits(&json!(1.5)));
    }
}
