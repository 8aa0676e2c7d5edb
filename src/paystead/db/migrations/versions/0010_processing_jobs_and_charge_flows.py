"""asynchronous processing and charge flows: processing jobs the worker finishes, charge flow
level configurations, what a level charged and where its link goes; every existing space that
has the simulator gets the default charge flow new sandbox spaces get

Revision ID: 0010
Revises: 0009
"""


from alembic import op
import sqlalchemy as sa

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
SIMULATOR_PROCESSOR = 1
# As paystead.domains.transactions.charge_flow_setup wrote them when this migration was made
# (a migration keeps its own copy: the code may change later).
DEFAULT_FLOW = {"name": "Default charge flow", "priority": 0}
DEFAULT_LEVELS = [
    {"name": "Charge the customer's token", "type_id": 1800000000201, "period": "PT0S", "priority": 0},
    {"name": "Payment link by email", "type_id": 1453447675844, "period": "P3D", "priority": 1},
]


def upgrade() -> None:
    op.create_table(
        "charge_flow_level_configurations",
        sa.Column("id", Id, nullable=False),
        sa.Column("space_id", Id, nullable=False),
        sa.Column("flow_id", Id, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("type_id", Id, nullable=False),
        sa.Column("period", sa.String(length=40), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("planned_purge_date", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["space_id"], ["spaces.id"],
                                name=op.f("fk_charge_flow_level_configurations_space_id_spaces")),
        sa.ForeignKeyConstraint(["flow_id"], ["charge_flows.id"],
                                name=op.f("fk_charge_flow_level_configurations_flow_id_charge_flows")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_charge_flow_level_configurations")),
    )
    op.create_index("ix_charge_flow_level_configurations_space_id_flow_id", "charge_flow_level_configurations",
                    ["space_id", "flow_id"])
    with op.batch_alter_table("charge_flow_levels", schema=None) as batch_op:
        batch_op.add_column(sa.Column("configuration_id", Id, nullable=True))
        batch_op.add_column(sa.Column("token_charge_id", Id, nullable=True))
        batch_op.add_column(sa.Column("recipient_type_id", Id, nullable=True))
        batch_op.add_column(sa.Column("recipient", sa.String(length=254), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_charge_flow_levels_configuration_id_charge_flow_level_configurations"),
            "charge_flow_level_configurations", ["configuration_id"], ["id"])
        batch_op.create_foreign_key(op.f("fk_charge_flow_levels_token_charge_id_charges"), "charges",
                                    ["token_charge_id"], ["id"])
    op.create_table(
        "processing_jobs",
        sa.Column("id", Id, nullable=False),
        sa.Column("space_id", Id, nullable=False),
        sa.Column("transaction_id", Id, nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("charge_attempt_id", Id, nullable=True),
        sa.Column("charge_flow_level_id", Id, nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("due_on", sa.DateTime(timezone=True), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("created_on", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_on", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["space_id"], ["spaces.id"], name=op.f("fk_processing_jobs_space_id_spaces")),
        sa.ForeignKeyConstraint(["transaction_id"], ["transactions.id"],
                                name=op.f("fk_processing_jobs_transaction_id_transactions")),
        sa.ForeignKeyConstraint(["charge_attempt_id"], ["charge_attempts.id"],
                                name=op.f("fk_processing_jobs_charge_attempt_id_charge_attempts")),
        sa.ForeignKeyConstraint(["charge_flow_level_id"], ["charge_flow_levels.id"],
                                name=op.f("fk_processing_jobs_charge_flow_level_id_charge_flow_levels")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_processing_jobs")),
    )
    op.create_index("ix_processing_jobs_state_due_on", "processing_jobs", ["state", "due_on"])
    op.create_index("ix_processing_jobs_space_id_transaction_id", "processing_jobs", ["space_id", "transaction_id"])
    _add_default_flows()


def _add_default_flows() -> None:
    """Spaces that run the simulator (the sandbox's spaces) and have no charge flow yet get the
    default one, as a new sandbox space does; spaces with flows of their own keep just those."""
    bind = op.get_bind()
    spaces = bind.execute(sa.text(
        "SELECT DISTINCT p.space_id FROM payment_processor_configurations p "
        "WHERE p.processor_id = :simulator AND p.state = 'ACTIVE' "
        "AND NOT EXISTS (SELECT 1 FROM charge_flows f WHERE f.space_id = p.space_id) ORDER BY p.space_id"),
        {"simulator": SIMULATOR_PROCESSOR}).scalars().all()
    flows = sa.table("charge_flows", sa.column("id"), sa.column("space_id"), sa.column("name"), sa.column("state"),
                     sa.column("priority"), sa.column("version"))
    levels = sa.table("charge_flow_level_configurations", sa.column("space_id"), sa.column("flow_id"),
                      sa.column("name"), sa.column("type_id"), sa.column("period"), sa.column("priority"),
                      sa.column("state"), sa.column("version"))
    for space_id in spaces:
        flow_id = bind.execute(flows.insert().values(space_id=space_id, state="ACTIVE", version=1, **DEFAULT_FLOW)
                               .returning(flows.c.id)).scalar_one()
        bind.execute(levels.insert(), [{"space_id": space_id, "flow_id": flow_id, "state": "ACTIVE", "version": 1,
                                        **level} for level in DEFAULT_LEVELS])


def downgrade() -> None:
    op.drop_index("ix_processing_jobs_space_id_transaction_id", table_name="processing_jobs")
    op.drop_index("ix_processing_jobs_state_due_on", table_name="processing_jobs")
    op.drop_table("processing_jobs")
    with op.batch_alter_table("charge_flow_levels", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("fk_charge_flow_levels_token_charge_id_charges"), type_="foreignkey")
        batch_op.drop_constraint(op.f("fk_charge_flow_levels_configuration_id_charge_flow_level_configurations"),
                                 type_="foreignkey")
        batch_op.drop_column("recipient")
        batch_op.drop_column("recipient_type_id")
        batch_op.drop_column("token_charge_id")
        batch_op.drop_column("configuration_id")
    op.drop_index("ix_charge_flow_level_configurations_space_id_flow_id",
                  table_name="charge_flow_level_configurations")
    op.drop_table("charge_flow_level_configurations")
