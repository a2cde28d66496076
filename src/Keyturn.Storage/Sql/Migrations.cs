namespace Keyturn.Storage.Sql;

/// <summary>
/// Schema versions in order. A version's statements run once, in one transaction, and record the version;
/// a new column or table is a new entry, never an edit of a shipped one.
/// Types are placeholders (see <see cref="SqlDialect.Ddl"/>): times are unix milliseconds so they sort and compare
/// the same in both backends, and text compares byte-wise in both.
/// </summary>
internal static class Migrations
{
    public const string VersionTable =
        "CREATE TABLE IF NOT EXISTS schema_version (version {int} PRIMARY KEY, description {text} NOT NULL){strict}";

    public static IReadOnlyList<(int Version, string Description, string[] Statements)> All =>
    [
        (1, "initial schema", Initial),
        (2, "due-scan index covers its ORDER BY", DueIndexById),
        (3, "cron schedules, failed-attempt counter, due-scan returns the connection", ScheduleAndFailures),
        (4, "connections rotate their own credential: schedule, lease, jobs and journal", ConnectionSelfRotation),
        (5, "history paging on jobs, delete protection on rotations", HistoryAndDeleteProtection),
        (6, "webhook subscriptions and their deliveries", Webhooks),
        (7, "slot credential expiry in the clear; indexes for the upcoming and expiring reminder scans", Reminders),
        (8, "hash-chained audit trail: sequence, hashes, outcome, source address; the chain head", AuditChain),
        (9, "machine identities, universal-auth client secrets, identity access tokens", Identities),
        (10, "project memberships of identities; installation-level identity grants", Memberships),
        (11, "identities' access-token max TTL: how far renewals can carry a token", AccessTokenMaxTtl),
        (12, "audit trail: no index on the audited resource, which every audited read wrote at a random leaf", AuditLeanIndexes),
    ];

    // Every request is audited, and each secret read's entry names its secret: the (resource_type, resource_id, at)
    // index took one insert per read at a random leaf, so each group commit rewrote about one 4 KB page per entry into
    // the WAL (SQLite, 20,000 appends from 64 callers: about 38 µs of CPU per entry with it, 21 µs without;
    // docs/benchmarks.md). The audit-log filter on a resource now walks the trail newest first by time instead.
    private static readonly string[] AuditLeanIndexes =
    [
        "DROP INDEX IF EXISTS ix_audit_entries_resource",
    ];

    // Existing identities get Infisical's default (30 days); renew never extends a token past its login plus this.
    private static readonly string[] AccessTokenMaxTtl =
    [
        "ALTER TABLE identities ADD COLUMN access_token_max_ttl {int} NOT NULL DEFAULT 2592000",
    ];

    // One membership per (project, identity); scopes are JSON arrays, NULL meaning "all". Both tables go with their
    // identity and their project, so a deleted identity leaves no rights behind to be picked up by a later namesake.
    private static readonly string[] Memberships =
    [
        """
        CREATE TABLE IF NOT EXISTS project_memberships (
            id {id} PRIMARY KEY,
            project_id {id} NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
            identity_id {id} NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
            role {text} NOT NULL,
            environments_json {text},
            path_prefixes_json {text},
            created_at {time} NOT NULL,
            UNIQUE (project_id, identity_id)){strict}
        """,
        "CREATE INDEX IF NOT EXISTS ix_project_memberships_identity ON project_memberships (identity_id)",
        """
        CREATE TABLE IF NOT EXISTS identity_grants (
            identity_id {id} NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
            grant_name {text} NOT NULL,
            created_at {time} NOT NULL,
            PRIMARY KEY (identity_id, grant_name)){strict}
        """,
    ];

    // Entries written before this version keep a NULL seq: the chain starts after them (docs/audit.md). Appends take
    // the one chain-head row first (UPDATE ... RETURNING), which orders them totally across nodes on PostgreSQL.
    private static readonly string[] AuditChain =
    [
        "ALTER TABLE audit_entries ADD COLUMN seq {long}",
        "ALTER TABLE audit_entries ADD COLUMN prev_hash {text}",
        "ALTER TABLE audit_entries ADD COLUMN entry_hash {text}",
        "ALTER TABLE audit_entries ADD COLUMN outcome {text}",
        "ALTER TABLE audit_entries ADD COLUMN source_ip {text}",
        "ALTER TABLE audit_entries ADD COLUMN identity_id {text}",
        "ALTER TABLE audit_entries ADD COLUMN request_id {text}",
        "CREATE UNIQUE INDEX IF NOT EXISTS ux_audit_entries_seq ON audit_entries (seq) WHERE seq IS NOT NULL",
        "CREATE INDEX IF NOT EXISTS ix_audit_entries_actor ON audit_entries (actor, at)",
        "CREATE INDEX IF NOT EXISTS ix_audit_entries_resource ON audit_entries (resource_type, resource_id, at)",
        """
        CREATE TABLE IF NOT EXISTS audit_chain_head (
            id {int} PRIMARY KEY,
            seq {long} NOT NULL,
            entry_hash {text} NOT NULL,
            legacy_entries {long} NOT NULL){strict}
        """,
        // How many unchained rows there were when the chain started: one more later is a row inserted around the chain.
        """
        INSERT INTO audit_chain_head (id, seq, entry_hash, legacy_entries)
        SELECT 1, 0, '0000000000000000000000000000000000000000000000000000000000000000', COUNT(*) FROM audit_entries
        """,
    ];

    // Client secrets and tokens are stored as SHA-256 hashes. A token row outlives its identity, marked revoked, so the
    // lookup refuses it and the audit trail's token ids still name something; a client secret goes with its identity.
    private static readonly string[] Identities =
    [
        """
        CREATE TABLE IF NOT EXISTS identities (
            id {id} PRIMARY KEY,
            name {text} NOT NULL UNIQUE,
            client_id {id} NOT NULL UNIQUE,
            access_token_ttl {int} NOT NULL,
            created_at {time} NOT NULL){strict}
        """,
        """
        CREATE TABLE IF NOT EXISTS identity_client_secrets (
            id {id} PRIMARY KEY,
            identity_id {id} NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
            hash {bytes} NOT NULL UNIQUE,
            prefix {text} NOT NULL,
            description {text},
            trusted_ips_json {text} NOT NULL,
            created_at {time} NOT NULL,
            expires_at {time}){strict}
        """,
        "CREATE INDEX IF NOT EXISTS ix_identity_client_secrets_identity ON identity_client_secrets (identity_id, created_at)",
        "ALTER TABLE access_tokens ADD COLUMN identity_id {id}",
        "ALTER TABLE access_tokens ADD COLUMN revoked_at {time}",
        "CREATE INDEX IF NOT EXISTS ix_access_tokens_identity ON access_tokens (identity_id) WHERE identity_id IS NOT NULL",
    ];

    // Deliveries are an outbox: publishing inserts rows (UNIQUE per subscription and event key, so publishing twice
    // delivers once) and the dispatcher claims due rows with a lease, as rotations are claimed, so nodes never double-send.
    // The signing secret is sealed, not hashed: every delivery is signed with it. The URL is sealed as well (an incoming-webhook
    // URL carries its credential in the path); shown_url keeps only scheme and host for views. Both tables go with their project.
    private static readonly string[] Webhooks =
    [
        """
        CREATE TABLE IF NOT EXISTS webhook_subscriptions (
            id {id} PRIMARY KEY,
            project_id {id} NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
            shown_url {text} NOT NULL,
            events_json {text} NOT NULL,
            upcoming_days_json {text} NOT NULL,
            format {text} NOT NULL,
            description {text},
            sealed_signing_secret {bytes} NOT NULL,
            sealed_url {bytes} NOT NULL,
            created_at {time} NOT NULL){strict}
        """,
        "CREATE INDEX IF NOT EXISTS ix_webhook_subscriptions_project ON webhook_subscriptions (project_id, created_at)",
        """
        CREATE TABLE IF NOT EXISTS webhook_deliveries (
            id {id} PRIMARY KEY,
            subscription_id {id} NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
            event_type {text} NOT NULL,
            event_key {text} NOT NULL,
            body {text} NOT NULL,
            status {text} NOT NULL,
            attempts {int} NOT NULL,
            next_attempt_at {time} NOT NULL,
            last_status_code {int},
            last_error {text},
            lease_owner {text},
            lease_until {time},
            created_at {time} NOT NULL,
            delivered_at {time},
            UNIQUE (subscription_id, event_key)){strict}
        """,
        "CREATE INDEX IF NOT EXISTS ix_webhook_deliveries_listing ON webhook_deliveries (subscription_id, created_at, id)",
        // Partial: the dispatcher scans only what is still to be sent.
        "CREATE INDEX IF NOT EXISTS ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at, id) WHERE status = 'pending'",
    ];

    // The expiry scan reads slots by expires_at without opening the sealed credential, and the upcoming scan pages one
    // project's scheduled rotations by due time; both are range scans on partial indexes holding what they return.
    // Slots written before this version have no expiry until their next rotation writes them.
    private static readonly string[] Reminders =
    [
        "ALTER TABLE rotation_slots ADD COLUMN expires_at {time}",
        "CREATE INDEX IF NOT EXISTS ix_rotation_slots_expires ON rotation_slots (expires_at, rotation_id, slot_index, credential_id) WHERE expires_at IS NOT NULL",
        "CREATE INDEX IF NOT EXISTS ix_rotations_upcoming ON rotations (project_id, next_rotation_at, id) WHERE is_auto_rotation_enabled",
    ];

    // The history pages jobs newest first by (started_at, id) after a cursor: with both in the index the page is read
    // in order and stops at LIMIT. The new indexes lead with the owner column, so they replace the older ones.
    private static readonly string[] HistoryAndDeleteProtection =
    [
        "ALTER TABLE rotations ADD COLUMN is_delete_protected {bool} NOT NULL DEFAULT FALSE",
        "CREATE INDEX IF NOT EXISTS ix_rotation_jobs_rotation_started ON rotation_jobs (rotation_id, started_at, id)",
        "DROP INDEX IF EXISTS ix_rotation_jobs_rotation",
        "CREATE INDEX IF NOT EXISTS ix_connection_jobs_connection_started ON connection_jobs (connection_id, started_at, id)",
        "DROP INDEX IF EXISTS ix_connection_jobs_connection",
    ];

    // A connection's self-rotation is journaled like a rotation, in tables of its own (a rotation job names a rotation,
    // and recovery reads the two kinds differently). The lease lives on the connection row, outside the record, as on rotations.
    private static readonly string[] ConnectionSelfRotation =
    [
        "ALTER TABLE connections ADD COLUMN credential_rotation_enabled {bool} NOT NULL DEFAULT FALSE",
        "ALTER TABLE connections ADD COLUMN credential_rotation_interval {int} NOT NULL DEFAULT 30",
        "ALTER TABLE connections ADD COLUMN credential_rotate_at_hours {int} NOT NULL DEFAULT 0",
        "ALTER TABLE connections ADD COLUMN credential_rotate_at_minutes {int} NOT NULL DEFAULT 0",
        "ALTER TABLE connections ADD COLUMN initial_credential_id {text}",
        "ALTER TABLE connections ADD COLUMN active_credential_id {text}",
        "ALTER TABLE connections ADD COLUMN previous_credential_id {text}",
        "ALTER TABLE connections ADD COLUMN credential_rotation_status {text}",
        "ALTER TABLE connections ADD COLUMN credential_rotation_message {text}",
        "ALTER TABLE connections ADD COLUMN credentials_rotated_at {time}",
        "ALTER TABLE connections ADD COLUMN next_credential_rotation_at {time}",
        "ALTER TABLE connections ADD COLUMN last_credential_job_id {id}",
        "ALTER TABLE connections ADD COLUMN lease_owner {text}",
        "ALTER TABLE connections ADD COLUMN lease_until {time}",
        "CREATE INDEX IF NOT EXISTS ix_connections_credential_due ON connections (next_credential_rotation_at, id) WHERE credential_rotation_enabled",
        """
        CREATE TABLE IF NOT EXISTS connection_jobs (
            id {id} PRIMARY KEY,
            connection_id {id} NOT NULL REFERENCES connections (id),
            trigger_kind {text} NOT NULL,
            status {text} NOT NULL,
            started_at {time} NOT NULL,
            ended_at {time},
            message {text}){strict}
        """,
        "CREATE INDEX IF NOT EXISTS ix_connection_jobs_connection ON connection_jobs (connection_id, started_at)",
        "CREATE INDEX IF NOT EXISTS ix_connection_jobs_status ON connection_jobs (status, started_at)",
        """
        CREATE TABLE IF NOT EXISTS connection_journal_entries (
            job_id {id} NOT NULL REFERENCES connection_jobs (id),
            seq {int} NOT NULL,
            step {text} NOT NULL,
            phase {text} NOT NULL,
            data_json {text} NOT NULL,
            sealed_secret {bytes},
            at {time} NOT NULL,
            PRIMARY KEY (job_id, seq)){strict}
        """,
    ];

    // The scheduler limits rotations per connection, so the due-scan returns each rotation's connection; with the
    // column in the index the scan stays index-only, as migration 2 made it.
    private static readonly string[] ScheduleAndFailures =
    [
        "ALTER TABLE rotations ADD COLUMN rotation_schedule {text}",
        "ALTER TABLE rotations ADD COLUMN failed_attempts {int} NOT NULL DEFAULT 0",
        "DROP INDEX IF EXISTS ix_rotations_due_next_id",
        "CREATE INDEX IF NOT EXISTS ix_rotations_due_next_id_connection ON rotations (next_rotation_at, id, connection_id) WHERE is_auto_rotation_enabled",
    ];

    // Rotations default to the same hour (rotateAtUtc 00:00), so many share a next_rotation_at. An index on that
    // column alone made the due-scan sort every tie before LIMIT: 47 ms with 100,000 rotations due at once
    // (docs/benchmarks.md, scale section). With id in the index the scan reads the first rows in order and stops.
    private static readonly string[] DueIndexById =
    [
        "DROP INDEX IF EXISTS ix_rotations_due",
        "CREATE INDEX IF NOT EXISTS ix_rotations_due_next_id ON rotations (next_rotation_at, id) WHERE is_auto_rotation_enabled",
    ];

    private static readonly string[] Initial =
    [
        """
        CREATE TABLE IF NOT EXISTS projects (
            id {id} PRIMARY KEY,
            name {text} NOT NULL,
            slug {text} NOT NULL UNIQUE,
            created_at {time} NOT NULL,
            updated_at {time} NOT NULL){strict}
        """,
        """
        CREATE TABLE IF NOT EXISTS environments (
            id {id} PRIMARY KEY,
            project_id {id} NOT NULL REFERENCES projects (id),
            name {text} NOT NULL,
            slug {text} NOT NULL,
            position {int} NOT NULL,
            UNIQUE (project_id, slug)){strict}
        """,
        """
        CREATE TABLE IF NOT EXISTS folders (
            id {id} PRIMARY KEY,
            environment_id {id} NOT NULL REFERENCES environments (id),
            path {text} NOT NULL,
            created_at {time} NOT NULL,
            UNIQUE (environment_id, path)){strict}
        """,
        // owner_rotation_id has no foreign key: releasing and deleting owned secrets is explicit in DeleteRotation.
        """
        CREATE TABLE IF NOT EXISTS secrets (
            id {id} PRIMARY KEY,
            folder_id {id} NOT NULL REFERENCES folders (id),
            secret_key {text} NOT NULL,
            current_version {int} NOT NULL,
            owner_rotation_id {id},
            created_at {time} NOT NULL,
            updated_at {time} NOT NULL,
            UNIQUE (folder_id, secret_key)){strict}
        """,
        "CREATE INDEX IF NOT EXISTS ix_secrets_owner ON secrets (owner_rotation_id)",
        """
        CREATE TABLE IF NOT EXISTS secret_versions (
            secret_id {id} NOT NULL REFERENCES secrets (id),
            version {int} NOT NULL,
            ciphertext {bytes} NOT NULL,
            created_at {time} NOT NULL,
            PRIMARY KEY (secret_id, version)){strict}
        """,
        """
        CREATE TABLE IF NOT EXISTS connections (
            id {id} PRIMARY KEY,
            name {text} NOT NULL UNIQUE,
            description {text},
            app {text} NOT NULL,
            method {text} NOT NULL,
            sealed_credentials {bytes} NOT NULL,
            configuration_json {text} NOT NULL,
            created_at {time} NOT NULL,
            updated_at {time} NOT NULL){strict}
        """,
        // The lease lives on the row (lease_owner, lease_until) but outside the record: UpdateRotation never writes it.
        """
        CREATE TABLE IF NOT EXISTS rotations (
            id {id} PRIMARY KEY,
            project_id {id} NOT NULL REFERENCES projects (id),
            environment_id {id} NOT NULL REFERENCES environments (id),
            folder_id {id} NOT NULL REFERENCES folders (id),
            rotation_type {text} NOT NULL,
            name {text} NOT NULL,
            description {text},
            connection_id {id} NOT NULL REFERENCES connections (id),
            is_auto_rotation_enabled {bool} NOT NULL,
            rotation_interval {int} NOT NULL,
            rotate_at_hours {int} NOT NULL,
            rotate_at_minutes {int} NOT NULL,
            parameters_json {text} NOT NULL,
            secrets_mapping_json {text} NOT NULL,
            active_index {int} NOT NULL,
            rotation_status {text} NOT NULL,
            last_rotation_message {text},
            last_rotation_attempted_at {time},
            last_rotated_at {time},
            last_rotation_job_id {id},
            last_rotation_was_manual {bool} NOT NULL,
            next_rotation_at {time},
            created_at {time} NOT NULL,
            updated_at {time} NOT NULL,
            lease_owner {text},
            lease_until {time},
            UNIQUE (folder_id, name)){strict}
        """,
        "CREATE INDEX IF NOT EXISTS ix_rotations_project ON rotations (project_id, created_at)",
        "CREATE INDEX IF NOT EXISTS ix_rotations_connection ON rotations (connection_id)",
        // Partial: the scheduler scans only rotations that can become due.
        "CREATE INDEX IF NOT EXISTS ix_rotations_due ON rotations (next_rotation_at) WHERE is_auto_rotation_enabled",
        """
        CREATE TABLE IF NOT EXISTS rotation_slots (
            rotation_id {id} NOT NULL REFERENCES rotations (id),
            slot_index {int} NOT NULL,
            credential_id {text} NOT NULL,
            sealed_credential {bytes} NOT NULL,
            job_id {id} NOT NULL,
            issued_at {time} NOT NULL,
            PRIMARY KEY (rotation_id, slot_index)){strict}
        """,
        """
        CREATE TABLE IF NOT EXISTS rotation_jobs (
            id {id} PRIMARY KEY,
            rotation_id {id} NOT NULL REFERENCES rotations (id),
            trigger_kind {text} NOT NULL,
            status {text} NOT NULL,
            target_slot {int} NOT NULL,
            started_at {time} NOT NULL,
            ended_at {time},
            message {text}){strict}
        """,
        "CREATE INDEX IF NOT EXISTS ix_rotation_jobs_rotation ON rotation_jobs (rotation_id)",
        "CREATE INDEX IF NOT EXISTS ix_rotation_jobs_status ON rotation_jobs (status, started_at)",
        """
        CREATE TABLE IF NOT EXISTS journal_entries (
            job_id {id} NOT NULL REFERENCES rotation_jobs (id),
            seq {int} NOT NULL,
            step {text} NOT NULL,
            phase {text} NOT NULL,
            data_json {text} NOT NULL,
            sealed_secret {bytes},
            at {time} NOT NULL,
            PRIMARY KEY (job_id, seq)){strict}
        """,
        """
        CREATE TABLE IF NOT EXISTS access_tokens (
            id {id} PRIMARY KEY,
            name {text} NOT NULL,
            hash {bytes} NOT NULL UNIQUE,
            scope {text} NOT NULL,
            created_at {time} NOT NULL,
            expires_at {time}){strict}
        """,
        // project_id has no foreign key: the audit trail outlives what it describes.
        """
        CREATE TABLE IF NOT EXISTS audit_entries (
            id {id} PRIMARY KEY,
            at {time} NOT NULL,
            actor {text} NOT NULL,
            audit_action {text} NOT NULL,
            resource_type {text} NOT NULL,
            resource_id {text},
            project_id {id},
            details_json {text} NOT NULL){strict}
        """,
        "CREATE INDEX IF NOT EXISTS ix_audit_entries_at ON audit_entries (at)",
        "CREATE INDEX IF NOT EXISTS ix_audit_entries_project ON audit_entries (project_id, at)",
        """
        CREATE TABLE IF NOT EXISTS data_keys (
            scope_id {id} PRIMARY KEY,
            wrapped_key {bytes} NOT NULL,
            created_at {time} NOT NULL){strict}
        """,
    ];
}
