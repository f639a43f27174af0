// A learner draws a cut: the handles start at the present (consistent); moving node 0's handle
// back before its send, while node 1's receipt of that message stays inside, makes the cut
// inconsistent, names the message that crosses it backwards and marks its arrow. The arrow keys
// move a handle, and so does dragging it.

import { dragMessageToNode, expect, openPlayground, sendTransfer, test } from './helpers';

test('a drawn cut is consistent until a receipt is inside it and its send is not', async ({ page }) => {
  await openPlayground(page);
  await sendTransfer(page, 0, 1, 10);
  await dragMessageToNode(page, 0, 1);

  await page.getByTestId('draw-cut').check();
  const verdict = page.getByTestId('cut-verdict');
  await expect(verdict).toHaveText('Consistent cut: every message received inside it was sent inside it.');

  const sender = page.getByTestId('cut-handle-0');
  await sender.focus();
  await page.keyboard.press('Home');
  await expect(sender).toHaveAttribute('aria-valuetext', 'before its first event');
  await expect(verdict).toHaveText(
    'Inconsistent cut: message m0 ($10) is received inside it, by node 1, but sent outside it, by node 0.',
  );
  await expect(page.locator('.arrow.cut-crossing[data-message="0"]')).toHaveCount(1);
  await expect(page.getByTestId('user-cut')).toHaveClass(/inconsistent/);

  // Dragging node 1's handle back before the receipt leaves the message in transit: consistent.
  const receiver = page.getByTestId('cut-handle-1');
  const box = (await receiver.boundingBox())!;
  const lane = (await page.getByTestId('diagram').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(lane.x + 70, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  await expect(receiver).toHaveAttribute('aria-valuetext', 'before its first event');
  await expect(verdict).toContainText('Consistent cut');
  await expect(page.locator('.arrow.cut-crossing')).toHaveCount(0);

  // The arrow keys bring the sender's handle forward again, one event at a time.
  await sender.focus();
  await page.keyboard.press('ArrowRight');
  await expect(sender).toHaveAttribute('aria-valuetext', /^after event e\d+$/);

  await page.getByTestId('draw-cut').uncheck();
  await expect(page.getByTestId('user-cut')).toHaveCount(0);
  await expect(verdict).toHaveCount(0);
});
