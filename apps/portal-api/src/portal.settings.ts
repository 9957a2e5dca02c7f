/** The portal's slice of configuration, provided once from the validated config. */
export class PortalSettings {
  constructor(readonly applicantPepper: string) {}
}
