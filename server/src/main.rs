use clap::Parser;

#[tokio::main]
async fn main() {
    let config = roster_server::Config::parse();
    if let Err(message) = roster_server::run(config).await {
        eprintln!("roster-server: {message}");
        std::process::exit(1);
    }
}
