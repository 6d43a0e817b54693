/// RFC 3261 §17 transactions (in progress).
enum SIPTransactionNamespace {}
