//! The page's entry point: mounts the app. Everything else lives in the library.

fn main() {
    synod_web::start();
}
