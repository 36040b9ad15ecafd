import { receiptMail } from '../../libs/mail/templates/receipt.template';

describe('receipt mail (kvittering)', () => {
  it('is in Danish, dated in Copenhagen time, and names the report by reference only', () => {
    // 23:30 UTC on 31 March 2026 is already 1 April in Copenhagen (summer time, UTC+2).
    const mail = receiptMail({
      reporterName: 'Hanne Holm',
      receivedAt: new Date('2026-03-31T23:30:00Z'),
      reportId: 'ab5194b5-eb8c-55d0-abde-cb7dee597b59',
    });
    expect(mail.subject).toBe('Kvittering for modtagelse af underretning (ref. AB5194B5)');
    expect(mail.text).toContain('Kære Hanne Holm');
    expect(mail.text).toMatch(/1\. april 2026.*01[.:]30/);
  });
});
