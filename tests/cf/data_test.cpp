// Tests for this type are being written.
