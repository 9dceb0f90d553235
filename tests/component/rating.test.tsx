/** The rating and appeal forms: what a resident must fill in, and what reaches the server. */
import { fireEvent, render, screen } from '@testing-library/react'
import AppealForm from '@/packages/ticket/components/AppealForm'
import RatingForm from '@/packages/ticket/components/RatingForm'
import RatingView from '@/packages/ticket/components/RatingView'
import { emptyRating, toggleTag, validateAppealReason, validateRating } from '@/packages/ticket/lib/rating'
import { NOW, iso } from './tickets.fixtures'

describe('rating rules', () => {
  it('needs a level', () => {
    expect(validateRating(emptyRating())).toEqual({ score: '请选择满意程度' })
    expect(validateRating({ score: 5, tags: [], comment: '' })).toEqual({})
    expect(validateRating({ score: 3, tags: [], comment: '' })).toEqual({})
  })

  it('needs a reason when the resident is dissatisfied', () => {
    expect(validateRating({ score: 2, tags: ['处理太慢'], comment: '   ' })).toEqual({ comment: '请写下不满意的原因，便于改进' })
    expect(validateRating({ score: 1, tags: [], comment: '' }).comment).toBe('请写下不满意的原因，便于改进')
    expect(validateRating({ score: 1, tags: [], comment: '没扫干净' })).toEqual({})
  })

  it('keeps the comment and tags within the server limits', () => {
    expect(validateRating({ score: 5, tags: [], comment: '好'.repeat(301) }).comment).toBe('评价内容最多300字')
    expect(validateRating({ score: 5, tags: [], comment: '好'.repeat(300) })).toEqual({})
    expect(validateRating({ score: 5, tags: Array.from({ length: 9 }, (_, i) => `t${i}`), comment: '' }).tags).toBe('最多选择8个标签')
  })

  it('toggles tags', () => {
    expect(toggleTag([], '处理及时')).toEqual(['处理及时'])
    expect(toggleTag(['处理及时', '现场干净'], '处理及时')).toEqual(['现场干净'])
  })

  it('refuses an appeal without a reason', () => {
    expect(validateAppealReason('')).toBe('请填写申请复核的原因')
    expect(validateAppealReason('   ')).toBe('请填写申请复核的原因')
    expect(validateAppealReason('脏')).toBe('原因至少2个字')
    expect(validateAppealReason('还'.repeat(501))).toBe('原因最多500字')
    expect(validateAppealReason('垃圾还在')).toBeUndefined()
  })
})

describe('RatingForm', () => {
  it('offers the five levels from 非常满意 to 非常不满意 and the tags', () => {
    render(<RatingForm onSubmit={jest.fn()} />)
    expect(screen.getAllByRole('radio').map((radio) => radio.getAttribute('aria-label'))).toEqual(['非常满意', '满意', '一般', '不满意', '非常不满意'])
    expect(screen.getAllByRole('checkbox').map((box) => box.textContent)).toEqual(['处理及时', '态度很好', '现场干净', '不够彻底', '处理太慢'])
  })

  it('does not send without a level, and says why in Chinese', () => {
    const onSubmit = jest.fn()
    render(<RatingForm onSubmit={onSubmit} />)
    fireEvent.click(screen.getByRole('button', { name: '提交评价' }))
    expect(screen.getByRole('alert').textContent).toBe('请选择满意程度')
    expect(onSubmit).not.toHaveBeenCalled()
  })

  it('asks for a reason at 不满意, then sends level, tags and the trimmed comment', async () => {
    const onSubmit = jest.fn(() => Promise.resolve())
    render(<RatingForm onSubmit={onSubmit} />)
    fireEvent.click(screen.getByRole('radio', { name: '不满意' }))
    expect(screen.getByRole('radio', { name: '不满意' }).getAttribute('aria-checked')).toBe('true')
    fireEvent.click(screen.getByRole('checkbox', { name: '处理太慢' }))
    fireEvent.click(screen.getByRole('checkbox', { name: '不够彻底' }))
    fireEvent.click(screen.getByRole('checkbox', { name: '处理太慢' })) // changed my mind
    expect(screen.getByText('不满意的原因（必填）')).toBeTruthy()

    fireEvent.click(screen.getByRole('button', { name: '提交评价' }))
    expect(screen.getByRole('alert').textContent).toBe('请写下不满意的原因，便于改进')
    expect(onSubmit).not.toHaveBeenCalled()

    fireEvent.change(screen.getByLabelText('评价内容'), { target: { value: '  角落还有垃圾  ' } })
    expect(screen.queryByRole('alert')).toBeNull() // the message goes as soon as it is fixed
    fireEvent.click(screen.getByRole('button', { name: '提交评价' }))
    await screen.findByRole('button', { name: '提交评价' })
    expect(onSubmit).toHaveBeenCalledWith({ score: 2, tags: ['不够彻底'], comment: '角落还有垃圾' })
  })

  it('sends a good rating without a comment', async () => {
    const onSubmit = jest.fn(() => Promise.resolve())
    render(<RatingForm onSubmit={onSubmit} />)
    fireEvent.click(screen.getByRole('radio', { name: '非常满意' }))
    fireEvent.click(screen.getByRole('checkbox', { name: '处理及时' }))
    fireEvent.click(screen.getByRole('button', { name: '提交评价' }))
    await screen.findByRole('button', { name: '提交评价' })
    expect(onSubmit).toHaveBeenCalledWith({ score: 5, tags: ['处理及时'], comment: '' })
  })
})

describe('RatingView', () => {
  it('shows the rating given, with its label', () => {
    render(<RatingView rating={{ score: 4, tags: ['态度很好'], comment: '挺好', at: iso(NOW) }} now={NOW} />)
    expect(screen.getByText('满意')).toBeTruthy()
    expect(screen.getByText('★★★★☆')).toBeTruthy()
    expect(screen.getByText('态度很好')).toBeTruthy()
    expect(screen.getByText('挺好')).toBeTruthy()
    expect(screen.getByText('评价于 11月25日 10:00')).toBeTruthy()
  })
})

describe('AppealForm', () => {
  it('requires a reason before sending the appeal', async () => {
    const onSubmit = jest.fn(() => Promise.resolve())
    render(<AppealForm onSubmit={onSubmit} onCancel={jest.fn()} />)
    fireEvent.click(screen.getByRole('button', { name: '提交复核申请' }))
    expect(screen.getByRole('alert').textContent).toBe('请填写申请复核的原因')
    expect(onSubmit).not.toHaveBeenCalled()

    fireEvent.change(screen.getByLabelText('申请复核的原因'), { target: { value: ' 垃圾还在原地 ' } })
    fireEvent.click(screen.getByRole('button', { name: '提交复核申请' }))
    await screen.findByRole('button', { name: '提交复核申请' })
    expect(onSubmit).toHaveBeenCalledWith('垃圾还在原地')
  })
})

describe('one rating scale for tickets and facilities', () => {
  it('the facility form’s stars carry the ticket rating’s words, 1 to 5', async () => {
    const { default: FacilityRatingForm } = await import('@/packages/facility/detail/RatingForm')
    const submit = jest.fn()
    render(<FacilityRatingForm sending={false} onSubmit={submit} />)
    expect(screen.getAllByRole('radio').map((radio) => radio.getAttribute('aria-label'))).toEqual([
      '1星，非常不满意',
      '2星，不满意',
      '3星，一般',
      '4星，满意',
      '5星，非常满意',
    ])
    fireEvent.click(screen.getByRole('radio', { name: '4星，满意' }))
    expect(screen.getByText('满意')).toBeTruthy()
  })
})
