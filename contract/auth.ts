import { Type, type Static } from '@sinclair/typebox'
import { USER_ROLES } from './lifecycle'
import { StringEnum } from './schemas'

export const LoginBody = Type.Object(
  {
    code: Type.String({
      minLength: 1,
      maxLength: 128,
      description: 'wx.login code on weapp; `dev:<name>` development codes when WeChat is not configured',
    }),
  },
  { additionalProperties: false },
)
export type LoginBody = Static<typeof LoginBody>

export const User = Type.Object({
  id: Type.Integer(),
  role: StringEnum(USER_ROLES),
  displayName: Type.String(),
})
export type User = Static<typeof User>

export const LoginResponse = Type.Object({
  token: Type.String({ description: 'Send as `Authorization: Bearer <token>`' }),
  expiresAt: Type.String({ format: 'date-time' }),
  user: User,
})
export type LoginResponse = Static<typeof LoginResponse>
