/// RFC 3261 §18 transport (in progress).
enum SIPTransportNamespace {}
