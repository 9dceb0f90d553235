/**
 * What keeps one set of migrations valid on SQLite and on PostgreSQL.
 *
 * Migrations are written once with Kysely's schema builder in SQLite's vocabulary. On PostgreSQL
 * `PostgresDdlPlugin` rewrites their column definitions on the way to the database, by the
 * project's conventions (schema.ts): times are ISO-8601 strings in columns named `*_at`, so they
 * become `timestamptz`; `autoIncrement()` ids become identity columns; `real` becomes
 * `double precision` (PostgreSQL's `real` is 32-bit and would round coordinates). JSON and flag
 * columns say what they are with `columnTypes(db)`: `jsonb`/`boolean` there, `text`/`integer`
 * (0/1) in SQLite. The PostgreSQL pool parses those types back into what the SQLite code sees
 * (ISO strings, JSON text, 0/1: see dialect-postgres.ts), so no service code knows the difference.
 */
import {
  ColumnDefinitionNode,
  DataTypeNode,
  DefaultValueNode,
  GeneratedNode,
  OperationNodeTransformer,
  PostgresAdapter,
  ValueNode,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations use Kysely<any>
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

/** Column types that differ by dialect beyond the automatic rewrites. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations use Kysely<any>
export function columnTypes(db: Kysely<any>) {
  const pg = isPostgres(db)
  return {
    /** JSON text in SQLite, `jsonb` in PostgreSQL (the code reads and writes JSON text on both). */
    json: pg ? ('jsonb' as const) : ('text' as const),
    /** 0/1 in SQLite, `boolean` in PostgreSQL (read back as 0/1). */
    bool: pg ? ('boolean' as const) : ('integer' as const),
  }
}

const TIME_COLUMN = /_at$/

class PostgresDdlTransformer extends OperationNodeTransformer {
  protected override transformColumnDefinition(node: ColumnDefinitionNode): ColumnDefinitionNode {
    const column = super.transformColumnDefinition(node)
    const type = DataTypeNode.is(column.dataType) ? column.dataType.dataType : null
    const name = column.column.column.name
    let next = column
    if (column.autoIncrement) {
      next = ColumnDefinitionNode.cloneWith(next, { autoIncrement: false, generated: GeneratedNode.create({ byDefault: true, identity: true }) })
    }
    if (type === 'real') next = { ...next, dataType: DataTypeNode.create('double precision') }
    if (type === 'text' && TIME_COLUMN.test(name)) next = { ...next, dataType: DataTypeNode.create('timestamptz') }
    if (type === 'boolean' && next.defaultTo && ValueNode.is(next.defaultTo.defaultValue)) {
      const value = next.defaultTo.defaultValue.value
      if (value === 0 || value === 1) next = { ...next, defaultTo: DefaultValueNode.create(ValueNode.createImmediate(value === 1)) }
    }
    return next
  }
}

/** Applied to the migrator's connection on PostgreSQL only. */
export class PostgresDdlPlugin implements KyselyPlugin {
  private readonly transformer = new PostgresDdlTransformer()

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.transformer.transformNode(args.node)
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result
  }
}
