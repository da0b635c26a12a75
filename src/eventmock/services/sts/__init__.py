"""AWS Security Token Service (service ``sts``): who the caller is, and credentials that
act in another account."""
