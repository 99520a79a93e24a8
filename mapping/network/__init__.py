"""The neighbourhood as a network: who is connected to whom, and the figures organisers use."""
