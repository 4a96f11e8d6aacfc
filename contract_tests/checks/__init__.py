"""The named checks. Each returns None when its rule holds, else what was received instead."""
