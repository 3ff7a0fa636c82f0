"""Invoice service: electronic receipts (财政电子票据) of deposits."""
