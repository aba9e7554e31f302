import { describe, expect, it } from 'vitest';
import { planRoute } from './routing.ts';

describe('planRoute', () => {
  it('sends a customer inbound event to every application and no customer', () => {
    expect(planRoute('customer', 'inbound', 'u1')).toEqual({ ok: true, applications: 'all', customersOf: null });
  });

  it('refuses outbound and internal events from a customer', () => {
    expect(planRoute('customer', 'outbound', 'u1')).toMatchObject({ ok: false });
    expect(planRoute('customer', 'internal', 'u1')).toMatchObject({ ok: false });
  });

  it('sends an application inbound event (a bridge) to the other applications only', () => {
    expect(planRoute('application', 'inbound', 'u1')).toEqual({ ok: true, applications: 'others', customersOf: null });
  });

  it('sends an application outbound event to the other applications and the customers of its userId', () => {
    expect(planRoute('application', 'outbound', 'u1')).toEqual({ ok: true, applications: 'others', customersOf: 'u1' });
  });

  it('sends an outbound event without userId to the other applications only', () => {
    expect(planRoute('application', 'outbound', undefined)).toEqual({ ok: true, applications: 'others', customersOf: null });
  });

  it('never sends an internal event to a customer', () => {
    expect(planRoute('application', 'internal', 'u1')).toEqual({ ok: true, applications: 'others', customersOf: null });
  });
});
