import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class ReceiptQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'pdf'], description: 'The format; without it, `Accept: application/pdf` asks for the PDF, anything else gets JSON' })
  @IsOptional()
  @IsIn(['json', 'pdf'])
  format?: 'json' | 'pdf';
}

class ReceiptBuyerDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '小明' }) displayName: string;
  @ApiProperty({ example: 'xm@example.com' }) email: string;
}

class ReceiptItemDto {
  @ApiProperty({ format: 'uuid' }) contentId: string;
  @ApiProperty({ example: '深度学习入门' }) title: string;
  @ApiProperty({ example: 9900 }) listPriceCents: number;
  @ApiProperty({ example: '¥99.00' }) listPrice: string;
  @ApiProperty({ example: 990, description: 'List price less the price paid: the coupon\'s (or bundle\'s) reduction' }) discountCents: number;
  @ApiProperty({ example: '¥9.90' }) discount: string;
  @ApiProperty({ example: 8910 }) paidCents: number;
  @ApiProperty({ example: '¥89.10' }) paid: string;
}

class ReceiptCouponDto {
  @ApiProperty({ example: 'SPRING' }) code: string;
  @ApiProperty({ example: 990 }) discountCents: number;
  @ApiProperty({ example: '¥9.90' }) discount: string;
}

class ReceiptBundleDto {
  @ApiProperty({ example: '全栈组合课' }) title: string;
}

class ReceiptPaymentDto {
  @ApiProperty({ example: 'sandbox' }) provider: string;
  @ApiProperty({ example: 'pay_4f9c…' }) paymentId: string;
}

class ReceiptRefundDto {
  @ApiProperty() refundId: string;
  @ApiProperty({ example: 1000 }) refundedCents: number;
  @ApiProperty({ example: '¥10.00' }) refunded: string;
  @ApiProperty({ format: 'date-time' }) refundedAt: string;
}

/** Amounts in integer minor units (`…Cents`), each with its display text (`¥12.34`) beside it. */
export class ReceiptDto {
  @ApiProperty({ format: 'uuid' }) orderId: string;
  @ApiProperty({ example: 'ZK-20261128-A1B2C3D4', description: 'ZK-<order date in China>-<first 8 hex digits of the order id>' }) orderNumber: string;
  @ApiProperty({ enum: ['paid', 'partially_refunded', 'refunded'] }) status: 'paid' | 'partially_refunded' | 'refunded';
  @ApiProperty({ format: 'date-time' }) orderedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) paidAt: string | null;
  @ApiProperty({ type: ReceiptBuyerDto }) buyer: ReceiptBuyerDto;
  @ApiProperty({ example: 'CNY' }) currency: string;
  @ApiProperty({ type: [ReceiptItemDto] }) items: ReceiptItemDto[];
  @ApiProperty({ type: ReceiptCouponDto, nullable: true }) coupon: ReceiptCouponDto | null;
  @ApiProperty({ type: ReceiptBundleDto, nullable: true }) bundle: ReceiptBundleDto | null;
  @ApiProperty({ example: 13410 }) totalCents: number;
  @ApiProperty({ example: '¥134.10' }) total: string;
  @ApiProperty({ type: ReceiptPaymentDto }) payment: ReceiptPaymentDto;
  @ApiProperty({ type: [ReceiptRefundDto], description: 'Refunds paid back so far, oldest first' }) refunds: ReceiptRefundDto[];
  @ApiProperty({ example: 1234 }) refundedCents: number;
  @ApiProperty({ example: '¥12.34' }) refunded: string;
  @ApiProperty({ example: 12176, description: 'Total less refunds' }) netCents: number;
  @ApiProperty({ example: '¥121.76' }) net: string;
}
