//! Auto-pagination on the builders: every operation marked `x-pagination: cursor` gets a
//! `stream()` method. The paging logic itself is written once, by hand, in the SDK
//! (`crate::pagination`); `emit::pagination` implements its traits for the list types.

use quote::format_ident;
use syn::ImplItem;

use crate::model::Pagination;

/// The `stream()` method of a paginated operation's builder.
pub fn stream_method(list: &Pagination) -> ImplItem {
    let item = format_ident!("{}", list.item);
    if !list.backward {
        return syn::parse_quote! {
            /// Every item of the list, across pages, as a stream. The next page is requested
            /// (with `starting_after` set to the last item's id) only when the stream is polled
            /// past the items already received; the other parameters stay as set. An error ends
            /// the stream, as does a server that repeats a cursor.
            pub fn stream(
                self,
            ) -> impl futures_core::Stream<Item = Result<types::#item, Error>> + Unpin + Send + 'a {
                let start = crate::pagination::Start {
                    after: self.starting_after.clone().ok().flatten(),
                    before: None,
                };
                crate::pagination::paginate(
                    self,
                    start,
                    Self::starting_after::<String>,
                    Self::starting_after::<String>,
                    Self::send,
                )
            }
        };
    }
    syn::parse_quote! {
        /// Every item of the list, across pages, as a stream. The next page is requested only
        /// when the stream is polled past the items already received; the other parameters stay
        /// as set. Forward by default (`starting_after` set to each page's last item); with
        /// `ending_before` set, backward (`ending_before` set to each page's first item, and
        /// each page's items from last to first). Setting both is an error, as is a server that
        /// repeats a cursor; an error ends the stream.
        pub fn stream(
            self,
        ) -> impl futures_core::Stream<Item = Result<types::#item, Error>> + Unpin + Send + 'a {
            let start = crate::pagination::Start {
                after: self.starting_after.clone().ok().flatten(),
                before: self.ending_before.clone().ok().flatten(),
            };
            crate::pagination::paginate(
                self,
                start,
                Self::starting_after::<String>,
                Self::ending_before::<String>,
                Self::send,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(list: &Pagination) -> String {
        let method = stream_method(list);
        quote::quote!(#method).to_string().replace(' ', "")
    }

    #[test]
    fn a_list_streams_its_item_type_forward_or_both_ways() {
        let mut list = Pagination {
            list: "ThingList".into(),
            item: "Thing".into(),
            backward: false,
        };
        let forward = text(&list);
        assert!(forward.contains("Result<types::Thing,Error>"), "{forward}");
        assert!(forward.contains("before:None"), "{forward}");
        list.backward = true;
        let both = text(&list);
        assert!(both.contains("Self::ending_before::<String>"), "{both}");
    }
}
