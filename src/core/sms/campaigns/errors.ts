import { ConflictError } from '../../errors.js';

/**
 * The campaign's state does not allow what was asked: adding recipients while another adder holds
 * the campaign or after it was sent, sending twice, deleting once it started. Mobizon answers these
 * with code 10 ("campaign is blocked … or status doesn't allow", "status failed to change").
 */
export class CampaignStateError extends ConflictError {
  constructor(message: string) {
    super(message);
    this.name = 'CampaignStateError';
  }
}
