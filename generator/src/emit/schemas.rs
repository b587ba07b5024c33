//! `generated/schemas.rs`: every component schema of the spec by name, so that tools working
//! from the spec (the example tests, a sandbox) can decode JSON as the type a schema names.

use quote::format_ident;

use crate::model::Model;

/// The registry module for the spec's component schemas.
pub fn registry(model: &Model) -> syn::File {
    let names: Vec<&String> = model.schemas.iter().map(|(name, _)| name).collect();
    let idents: Vec<syn::Ident> = names.iter().map(|n| format_ident!("{n}")).collect();
    syn::parse_quote! {
        //! Every component schema of `spec/wooshpay.yaml` by name.
        use wooshpay::types;

        /// The names of every component schema, in spec order.
        pub const SCHEMAS: &[&str] = &[#(#names),*];

        /// Why a JSON document does not fit a schema.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct Mismatch {
            /// The JSON path that failed (`.` for the document itself).
            pub path: String,
            /// What is wrong there.
            pub message: String,
        }

        impl std::fmt::Display for Mismatch {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "at `{}`: {}", self.path, self.message)
            }
        }

        /// Decodes `json` as the type of the schema named `schema` and encodes it back, so a
        /// caller can check that a JSON document fits a schema and survives a round trip.
        /// `None` when no schema has that name.
        pub fn round_trip(schema: &str, json: &serde_json::Value) -> Option<Result<serde_json::Value, Mismatch>> {
            Some(match schema {
                #( #names => round_trip_as::<types::#idents>(json), )*
                _ => return None,
            })
        }

        fn round_trip_as<T>(json: &serde_json::Value) -> Result<serde_json::Value, Mismatch>
        where
            T: serde::de::DeserializeOwned + serde::Serialize,
        {
            let value: T = serde_path_to_error::deserialize(json)
                .map_err(|e| Mismatch { path: e.path().to_string(), message: e.inner().to_string() })?;
            serde_json::to_value(&value).map_err(|e| Mismatch { path: ".".into(), message: e.to_string() })
        }
    }
}
