"""Package: what is handed to the printer (folder, zip, checksums, job ticket, proof)."""
