//! Sessions in the database, so that every instance behind the proxy knows them:
//! tower-sessions' own stores, SQLite's or PostgreSQL's after the database in use, on the
//! `session` table of both schemas.

use async_trait::async_trait;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::SqlitePoolOptions;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

use crate::runtime::db::{self, Backend, Pool};

/// The store of the database `pool` opens. Its own small pool of the concrete driver
/// (the stores take no `Any` pool), connected when first used.
#[derive(Debug, Clone)]
pub enum Sessions {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl Sessions {
    pub fn of(pool: &Pool) -> anyhow::Result<Sessions> {
        const CONNECTIONS: u32 = 4;
        let url = pool.connect_options().database_url.to_string();
        Ok(match Backend::of_pool(pool) {
            Backend::Sqlite => {
                let sessions = SqlitePoolOptions::new()
                    .max_connections(CONNECTIONS)
                    .connect_lazy_with(db::sqlite_options(&url)?);
                Sessions::Sqlite(
                    SqliteStore::new(sessions)
                        .with_table_name("session")
                        .map_err(anyhow::Error::msg)?,
                )
            }
            Backend::Postgres => {
                let sessions = PgPoolOptions::new()
                    .max_connections(CONNECTIONS)
                    .connect_lazy(&url)?;
                Sessions::Postgres(
                    PostgresStore::new(sessions)
                        .with_schema_name("public")
                        .and_then(|store| store.with_table_name("session"))
                        .map_err(anyhow::Error::msg)?,
                )
            }
        })
    }
}

#[async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.create(record).await,
            Sessions::Postgres(store) => store.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.save(record).await,
            Sessions::Postgres(store) => store.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Sessions::Sqlite(store) => store.load(id).await,
            Sessions::Postgres(store) => store.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.delete(id).await,
            Sessions::Postgres(store) => store.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for Sessions {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.delete_expired().await,
            Sessions::Postgres(store) => store.delete_expired().await,
        }
    }
}
