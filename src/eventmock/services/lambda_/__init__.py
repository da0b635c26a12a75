"""AWS Lambda as a destination: function ARNs bound to Python callables."""
