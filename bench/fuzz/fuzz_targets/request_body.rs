#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| accord_fuzz_targets::request_body(data));
