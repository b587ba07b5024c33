//! Where to send the customer when a PaymentIntent or SetupIntent needs an action: newer
//! guides send `challenge_redirect`, an older one `ddc_redirect`.

use crate::types::NextAction;

impl NextAction {
    /// The URL to redirect the customer to: the 3-D Secure challenge's `url`, else the older
    /// device-data-collection redirect's `url`. `None` when neither carries one.
    ///
    /// ```
    /// use wooshpay::types::PaymentIntent;
    ///
    /// let intent: PaymentIntent = serde_json::from_str(r#"{"id": "pi_1", "object": "payment_intent",
    ///     "status": "requires_action", "next_action": {"type": "challenge_redirect",
    ///     "challenge_redirect": {"url": "https://3ds.example/challenge", "return_url": "https://shop.example"}}}"#)?;
    /// let url = intent.next_action.as_ref().and_then(|action| action.redirect_url());
    /// assert_eq!(url, Some("https://3ds.example/challenge"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn redirect_url(&self) -> Option<&str> {
        let challenge = self
            .challenge_redirect
            .as_ref()
            .and_then(|r| r.url.as_deref());
        challenge.or_else(|| self.ddc_redirect.as_ref().and_then(|r| r.url.as_deref()))
    }
}
