/** Small blocks both layouts use: the title of a copy and a section heading. */
import { PAGE, GREY, Pen } from './pen';

export function drawTitle(pen: Pen, title: string, subtitle: string): void {
  pen.y = PAGE.top + 2;
  pen.drawLine(pen.guard.clean(title), (PAGE.left + PAGE.right) / 2, pen.y, { style: 'bold', size: 18 }, 'center');
  pen.y += Pen.lineHeight(18);
  pen.drawLine(pen.guard.clean(subtitle), (PAGE.left + PAGE.right) / 2, pen.y, { size: 9, color: GREY }, 'center');
  pen.y += Pen.lineHeight(9) + 3;
}

/** A section heading, moved to the next page with what follows it when `keepWith` mm of that would not fit under it. */
export function heading(pen: Pen, text: string, size = 12, keepWith = 14): void {
  pen.space(3);
  pen.ensure(Pen.lineHeight(size) + keepWith);
  pen.paragraph(text, { style: 'bold', size });
  pen.space(1);
}
