import { describe, expect, it } from 'vitest';
import { titleCounter } from './title.ts';

describe('titleCounter', () => {
  it('shows the count before the page title, and puts the title back at 0', () => {
    const doc = { title: 'Shop' };
    const count = titleCounter(doc);
    count(1);
    expect(doc.title).toBe('(1) Shop');
    count(12);
    expect(doc.title).toBe('(12) Shop');
    count(0);
    expect(doc.title).toBe('Shop');
  });

  it('counts the title a single-page app set meanwhile, and keeps it', () => {
    const doc = { title: 'Home' };
    const count = titleCounter(doc);
    count(2);
    doc.title = 'Orders';
    count(3);
    expect(doc.title).toBe('(3) Orders');
    doc.title = 'Checkout';
    count(0);
    expect(doc.title).toBe('Checkout');
  });

  it('writes nothing while there is nothing to count', () => {
    let writes = 0;
    const doc = {
      get title() {
        return 'Shop';
      },
      set title(_: string) {
        writes++;
      },
    };
    const count = titleCounter(doc);
    count(0);
    count(0);
    expect(writes).toBe(0);
  });

  it('does not stack counts on a title it wrote', () => {
    const doc = { title: 'Shop' };
    const count = titleCounter(doc);
    count(1);
    count(1);
    count(2);
    expect(doc.title).toBe('(2) Shop');
  });
});
