/** Worker mode: bound WeChat accounts, binding codes, presence, after-photo capture points, resolutions. */

export interface WorkerAccountsTable {
  /** The WeChat openid that signs in as this worker. */
  openid: string
  worker_id: number
  bound_at: string
}

export interface WorkerBindingCodesTable {
  /** SHA-256 of the normalised 8-character code: a leaked database leaks no usable code. */
  code_hash: string
  worker_id: number
  created_by: number | null
  created_at: string
  expires_at: string
  used_at: string | null
  used_by: number | null
}

export interface WorkerPresenceTable {
  worker_id: number
  /** Last sign-in (login or binding) of the worker's own account. */
  last_sign_in_at: string | null
  /** 1 while the worker went on duty through the app (not the seed or the simulator). */
  duty_in_person: number
  /** Position points refused for impossible speed. */
  dropped_points: number
}

export interface AfterPhotoCapturesTable {
  upload_id: string
  ticket_id: number
  worker_id: number
  /** Where the phone was when the photo was taken (WGS-84), and when. */
  lat: number
  lng: number
  captured_at: string
  /** From the ticket's location, metres. */
  distance_m: number
}

export interface WorkResolutionsTable {
  /** The `resolved` event. */
  event_id: number
  ticket_id: number
  worker_id: number
  idempotency_key: string | null
  /** After-photos taken more than FAR_FROM_SITE_METERS from the ticket. */
  far_photos: number
  max_distance_m: number | null
  created_at: string
}

export interface WorkTables {
  worker_accounts: WorkerAccountsTable
  worker_binding_codes: WorkerBindingCodesTable
  worker_presence: WorkerPresenceTable
  after_photo_captures: AfterPhotoCapturesTable
  work_resolutions: WorkResolutionsTable
}
