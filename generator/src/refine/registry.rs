//! `generated/schemas.rs`: every component schema of the spec by name, so that tools working
//! from the spec (the example tests, a sandbox) can decode JSON as the type a schema names.

use openapiv3::OpenAPI;
use quote::format_ident;

/// The registry module for the spec's component schemas.
pub fn registry(spec: &OpenAPI) -> syn::File {
    let names: Vec<&String> = spec
        .components
        .iter()
        .flat_map(|c| c.schemas.keys())
        .collect();
    let idents: Vec<syn::Ident> = names.iter().map(|n| format_ident!("{n}")).collect();
    syn::parse_quote! {
        //! Every component schema of `spec/wooshpay.yaml` by name.
        use super::types;

        /// The names of every component schema, in spec order.
        pub const SCHEMAS: &[&str] = &[#(#names),*];

        /// Decodes `json` as the type of the schema named `schema` and encodes it back, so a
        /// caller can check that a JSON document fits a schema and survives a round trip.
        /// `None` when no schema has that name; an error names the JSON path that failed.
        pub fn round_trip(schema: &str, json: &serde_json::Value) -> Option<Result<serde_json::Value, String>> {
            Some(match schema {
                #( #names => round_trip_as::<types::#idents>(json), )*
                _ => return None,
            })
        }

        fn round_trip_as<T>(json: &serde_json::Value) -> Result<serde_json::Value, String>
        where
            T: serde::de::DeserializeOwned + serde::Serialize,
        {
            let value: T = serde_path_to_error::deserialize(json)
                .map_err(|e| format!("at `{}`: {}", e.path(), e.inner()))?;
            serde_json::to_value(&value).map_err(|e| e.to_string())
        }
    }
}
